/**
 * What one claim costs as the queues grow: `deliveries.claimNext` and `outbox.claimNext` on a
 * file-backed database holding 1,000, 10,000 and 100,000 due rows (one ticket each, as in a
 * backlog after an outage), next to the reference measured on the same database in the same
 * run: one prepared, index-ordered single-condition select (`status = 'pending' ORDER BY
 * next_attempt_at LIMIT 1`), the least any claim can cost. A claim runs synchronously and
 * holds the connection's one turn, so its cost is paid by every worker and webhook behind it.
 *
 *   npx tsx bench/queue-claim.bench.ts
 *   QUEUE_CLAIM_BENCH_SIZES=1000,100000 npx tsx bench/queue-claim.bench.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { openStore } from '../db/open-store.js';
import { benchHeader } from './bench-report.js';
import { fillBacklog } from './backlog.js';

const SIZES = (process.env.QUEUE_CLAIM_BENCH_SIZES ?? '1000,10000,100000').split(',').map(Number);
const CLAIMS = 500;
const GOAL_FLAT = 1.2;

benchHeader(`${CLAIMS} claims per queue and size`);
const perClaimMs = async (claim: () => unknown) => {
  const started = performance.now();
  for (let i = 0; i < CLAIMS; i++) await claim();
  return (performance.now() - started) / CLAIMS;
};
const rows: Array<{ size: number; deliveries: number; outbox: number; reference: number }> = [];
for (const size of SIZES) {
  const dir = mkdtempSync(join(tmpdir(), 'effortless-claim-'));
  const path = join(dir, 'effortless.db');
  const store = await openStore(`file:${path}`, { migrate: true });
  await store.close();
  fillBacklog(path, size, { outbox: true, dueAt: Date.now() - 1000 });
  const reopened = await openStore(`file:${path}`, { migrate: false });
  const raw = new Database(path);
  try {
    const oldest = raw.prepare(
      "SELECT id FROM webhook_deliveries WHERE status = 'pending' ORDER BY next_attempt_at LIMIT 1",
    );
    const reference = await perClaimMs(() => oldest.get());
    // Each claim leases one row; 500 of `size` leave the queue about as full as it was.
    const deliveries = await perClaimMs(() => reopened.deliveries.claimNext(new Date(), 30_000));
    const outbox = await perClaimMs(() => reopened.outbox.claimNext(new Date(), 30_000));
    rows.push({ size, deliveries, outbox, reference });
  } finally {
    raw.close();
    await reopened.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
console.log('\n| due rows | deliveries.claimNext | outbox.claimNext | reference select | claim / reference |');
console.log('| --- | --- | --- | --- | --- |');
for (const r of rows)
  console.log(
    `| ${r.size.toLocaleString('en')} | ${r.deliveries.toFixed(3)} ms | ${r.outbox.toFixed(3)} ms | ${r.reference.toFixed(4)} ms | ${(r.deliveries / r.reference).toFixed(0)}x / ${(r.outbox / r.reference).toFixed(0)}x |`,
  );
const first = rows[0];
const last = rows[rows.length - 1];
if (first && last && first !== last) {
  const growth = Math.max(last.deliveries / first.deliveries, last.outbox / first.outbox);
  console.log(
    `\nclaim at ${last.size.toLocaleString('en')} / at ${first.size.toLocaleString('en')}: ${growth.toFixed(2)}x (goal: flat, <= ${GOAL_FLAT}x: ${growth <= GOAL_FLAT ? 'met' : 'NOT met'})`,
  );
}
