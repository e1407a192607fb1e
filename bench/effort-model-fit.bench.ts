/**
 * Fitting the effort index to CES answers (src/domain/effort-model/), in process: how long
 * the daily fit holds the event loop.
 *
 *   npm run bench:effort-model            # 10k, 50k and 100k answers, 3 runs each
 *   npx tsx bench/effort-model-fit.bench.ts --answers 20000 --runs 5
 *
 * Reference, measured in the same run: scoring the same cases once with scoreEffort (what a
 * rescoring pass does per case, without the database). The ratio says how many such scoring
 * passes one fit costs, which stays comparable across machines.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { scoreEffort } from '../src/domain/effort-index.js';
import { fitEffortModel } from '../src/domain/effort-model/index.js';
import { answeredCases } from '../test/support/answered-cases.js';

const { values: args } = parseArgs({
  options: { answers: { type: 'string' }, runs: { type: 'string', default: '3' } },
});
const sizes = args.answers ? [Number(args.answers)] : [10_000, 50_000, 100_000];
const runs = Number(args.runs);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function time(work: () => void): number {
  const start = performance.now();
  work();
  return performance.now() - start;
}

console.log(`${os.cpus()[0]?.model ?? 'cpu'}, ${os.cpus().length} cores, Node ${process.version}`);
fitEffortModel(answeredCases({ seed: 1, cases: 2000 })); // warm-up
for (const size of sizes) {
  const cases = answeredCases({ seed: 20261130, cases: size });
  const fits: number[] = [];
  const scorings: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    scorings.push(time(() => cases.forEach((answered) => scoreEffort(answered.drivers))));
    fits.push(time(() => fitEffortModel(cases)));
  }
  const fit = median(fits);
  const scoring = median(scorings);
  console.log(
    `${size.toLocaleString('en-US')} answers: fit median ${fit.toFixed(0)} ms (max ${Math.max(...fits).toFixed(0)}), ` +
      `scoring them once ${scoring.toFixed(0)} ms, ratio ${(fit / scoring).toFixed(1)}`,
  );
}
