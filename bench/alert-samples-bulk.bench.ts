/**
 * Alert samples for a backfill: `alertSamples.record`, one transaction per sample (the path
 * every live case and answer takes), against `alertSamples.recordMany` in batches of 2,000,
 * on the same samples (test/support/effort-stream.ts: 8 teams, 5 channels, 30 % answered),
 * each into a fresh file-backed database, in the same run. Also checks that both end with
 * the same buckets. Goal: the bulk path at least 20x faster. The two alternate for a few
 * rounds and each figure is the median of its rounds: on a shared machine one round of the
 * reference took anywhere from 6 to 12 s (its 50,000 commits wait on the disk's checkpoints).
 *
 *   npx tsx bench/alert-samples-bulk.bench.ts
 *   ALERT_BULK_BENCH_SAMPLES=200000 ALERT_BULK_BENCH_ROUNDS=1 npx tsx bench/alert-samples-bulk.bench.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openStore } from '../db/open-store.js';
import type { MetricSample } from '../src/domain/alerts/sample.js';
import type { Store } from '../src/ports/store.js';
import { effortSamples } from '../test/support/effort-stream.js';
import { benchHeader, median, positiveNumber } from './bench-report.js';

const SAMPLES = positiveNumber('ALERT_BULK_BENCH_SAMPLES', 50_000);
const BATCH = 2_000;
const ROUNDS = positiveNumber('ALERT_BULK_BENCH_ROUNDS', 3);
const GOAL = 20;

benchHeader(
  `${SAMPLES.toLocaleString('en')} samples, batches of ${BATCH.toLocaleString('en')}, median of ${ROUNDS} interleaved rounds`,
);
const samples: MetricSample[] = [];
for (const sample of effortSamples({
  seed: 20261130,
  teams: [1, 2, 3, 4, 5, 6, 7, 8],
  channels: ['email', 'web', 'chat', 'api', 'voice'],
  startMs: Date.parse('2026-08-25T00:00:00Z'),
  hours: 24 * 90,
  casesPerHourPerTeam: 197,
  answerRate: 0.3,
})) {
  samples.push(sample);
  if (samples.length >= SAMPLES) break;
}

async function timed(load: (store: Store) => Promise<void>) {
  const dir = mkdtempSync(join(tmpdir(), 'effortless-samples-'));
  const store = await openStore(`file:${join(dir, 'effortless.db')}`, { migrate: true });
  try {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    await load(store);
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuStarted);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const buckets = await store.alertSamples.listBuckets(0);
    return { seconds, cpuSeconds, buckets: buckets.length, n: buckets.reduce((sum, b) => sum + b.stats.n, 0) };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const bulkRounds: Array<Awaited<ReturnType<typeof timed>>> = [];
const oneRounds: typeof bulkRounds = [];
for (let round = 0; round < ROUNDS; round += 1) {
  bulkRounds.push(
    await timed(async (store) => {
      for (let i = 0; i < samples.length; i += BATCH) await store.alertSamples.recordMany(samples.slice(i, i + BATCH));
    }),
  );
  oneRounds.push(
    await timed(async (store) => {
      for (const sample of samples) await store.alertSamples.record(sample);
    }),
  );
}
const [bulk, one] = [bulkRounds, oneRounds].map((rounds) => {
  const [first] = rounds;
  if (!first || rounds.some((r) => r.buckets !== first.buckets || r.n !== first.n))
    throw new Error(`rounds disagree: ${JSON.stringify(rounds)}`);
  return {
    ...first,
    seconds: median(rounds.map((r) => r.seconds)),
    cpuSeconds: median(rounds.map((r) => r.cpuSeconds)),
  };
}) as [(typeof bulkRounds)[number], (typeof bulkRounds)[number]];
if (bulk.buckets !== one.buckets || bulk.n !== one.n)
  throw new Error(`the two paths disagree: ${JSON.stringify({ bulk, one })}`);
const rate = (r: { seconds: number }) => samples.length / r.seconds;
const seconds = (rounds: typeof bulkRounds) => rounds.map((r) => r.seconds.toFixed(2)).join(', ');
console.log(`rounds, s: recordMany ${seconds(bulkRounds)}; record ${seconds(oneRounds)}`);
// The process's CPU time leaves out waiting for the disk (and for the other processes of a shared machine).
console.log(
  `CPU time (median): recordMany ${bulk.cpuSeconds.toFixed(2)} s, record ${one.cpuSeconds.toFixed(2)} s: ${(one.cpuSeconds / bulk.cpuSeconds).toFixed(1)}x`,
);
console.log('\n| measure | recordMany (bulk) | record, one transaction per sample (reference) | ratio | goal |');
console.log('| --- | --- | --- | --- | --- |');
console.log(
  `| samples stored per second (${samples.length.toLocaleString('en')} samples, ${one.buckets.toLocaleString('en')} buckets) | ${rate(bulk).toFixed(0)} (${bulk.seconds.toFixed(2)} s) | ${rate(one).toFixed(0)} (${one.seconds.toFixed(2)} s) | ${(rate(bulk) / rate(one)).toFixed(1)}x | >= ${GOAL}x ${rate(bulk) / rate(one) >= GOAL ? 'met' : 'NOT met'} |`,
);
