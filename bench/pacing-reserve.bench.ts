/**
 * What a shared pacing slot costs on the SQLite default: `pacing.reserve` (the Zendesk
 * budget's slot, one per Zendesk call, three calls per solved ticket in the pipeline) on a
 * file-backed store, next to the reference measured on the same store in the same run: one
 * `syncState.get`, a one-row read through the same connection turn. A reservation is a write
 * (one upsert, its own commit), so it is held against a read to show what sharing the pace adds.
 *
 *   npx tsx bench/pacing-reserve.bench.ts
 *   PACING_BENCH_CALLS=20000 npx tsx bench/pacing-reserve.bench.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openStore } from '../db/open-store.js';
import { benchHeader, median, positiveNumber } from './bench-report.js';

const CALLS = positiveNumber('PACING_BENCH_CALLS', 5_000);
const ROUNDS = 5;
/** A reservation may cost at most this many one-row reads. */
const GOAL_RATIO = 2;

benchHeader(`${CALLS} calls per round, ${ROUNDS} rounds, median round`);
const dir = mkdtempSync(join(tmpdir(), 'effortless-pacing-'));
const store = await openStore(`file:${join(dir, 'effortless.db')}`, { migrate: true });
const perCallUs = async (call: () => Promise<unknown>) => {
  const started = performance.now();
  for (let i = 0; i < CALLS; i++) await call();
  return ((performance.now() - started) * 1000) / CALLS;
};
try {
  // The pipeline bench's budget: every call is granted at once, as with a generous ZENDESK_REQUESTS_PER_MINUTE.
  const pace = { intervalMs: 1, burst: 1_000, maxWaitMs: 2_000 };
  await store.syncState.set('bench', { at: 0 }, new Date());
  const reserve: number[] = [];
  const reference: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    reserve.push(await perCallUs(() => store.pacing.reserve('zendesk:requests:bench', pace, new Date())));
    reference.push(await perCallUs(() => store.syncState.get('bench')));
  }
  const [r, ref] = [median(reserve), median(reference)];
  console.log(
    '\n| pacing.reserve | reference: syncState.get | reserve / reference | per solved ticket (3 Zendesk calls) |',
  );
  console.log('| --- | --- | --- | --- |');
  console.log(`| ${r.toFixed(1)} µs | ${ref.toFixed(1)} µs | ${(r / ref).toFixed(2)}x | ${(3 * r).toFixed(0)} µs |`);
  console.log(`\ngoal: reserve <= ${GOAL_RATIO}x a one-row read: ${r / ref <= GOAL_RATIO ? 'met' : 'NOT met'}`);
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
