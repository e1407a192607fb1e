/**
 * Queue depth at scale: what the queue-depth gauges of every /metrics scrape read, on a SQLite
 * database keeping QUEUE_DEPTH_BENCH_DELIVERIES processed deliveries (default 1,000,000: about
 * 30 days of retention for a center solving 5,000 tickets a day with six events each) and a
 * few unfinished ones. `countUnfinished()` (waiting, running and dead rows: a few ranges of the
 * status index) against `countByStatus()`, the GROUP BY over every row the scrape ran before,
 * in the same run. Both give the same unfinished counts. On SQLite either runs on the
 * service's only thread: the time is how long the service stops for each scrape.
 *
 *   npx tsx bench/queue-depth.bench.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { openStore } from '../db/open-store.js';
import { benchHeader, median, positiveNumber } from './bench-report.js';

const DELIVERIES = positiveNumber('QUEUE_DEPTH_BENCH_DELIVERIES', 1_000_000);
const ROUNDS = 5;
const UNFINISHED = { pending: 40, processing: 4, dead: 3 };

benchHeader(
  `${DELIVERIES.toLocaleString('en')} processed deliveries in a file-backed SQLite database, ${ROUNDS} rounds`,
);
const dir = mkdtempSync(join(tmpdir(), 'effortless-queue-depth-'));
const path = join(dir, 'effortless.db');
try {
  await (await openStore(`file:${path}`, { migrate: true })).close();
  const fill = new Database(path);
  const insert = fill.prepare(
    `INSERT INTO webhook_deliveries (provider, delivery_id, event_type, raw_body, received_at, status, next_attempt_at,
       processed_at) VALUES ('zendesk', ?, 'ticket.status_changed', ?, ?, ?, ?, ?)`,
  );
  const body = JSON.stringify({ type: 'zendesk.ticket.status_changed', detail: { id: '1' }, padding: 'x'.repeat(500) });
  const started = Date.UTC(2026, 0, 1);
  fill.transaction(() => {
    let i = 0;
    const add = (status: string) => insert.run(`event:${i}`, body, started + i, status, started + i, started + i++);
    for (let n = 0; n < DELIVERIES; n++) add(n % 20 === 0 ? 'ignored' : 'done');
    for (const [status, n] of Object.entries(UNFINISHED)) for (let k = 0; k < n; k++) add(status);
  })();
  fill.close();

  const store = await openStore(`file:${path}`, { migrate: false });
  const unfinished: number[] = [];
  const everything: number[] = [];
  let same = true;
  for (let round = 0; round < ROUNDS; round++) {
    let t = performance.now();
    const counted = await store.deliveries.countUnfinished();
    unfinished.push(performance.now() - t);
    t = performance.now();
    const all = await store.deliveries.countByStatus();
    everything.push(performance.now() - t);
    same &&= Object.entries(UNFINISHED).every(([status, n]) => counted[status] === n && all[status] === n);
    same &&= Object.keys(counted).length === Object.keys(UNFINISHED).length;
  }
  await store.close();

  const [u, a] = [median(unfinished), median(everything)];
  console.log('\n| measure | Effortless | reference (same run) | ratio | check |');
  console.log('| --- | --- | --- | --- | --- |');
  console.log(
    `| inbox queue depth (/metrics scrape), ${DELIVERIES.toLocaleString('en')} processed deliveries kept, median of ${ROUNDS} | ${u.toFixed(2)} ms | GROUP BY status over every row: ${a.toFixed(0)} ms | ${(a / u).toFixed(0)}x faster | same unfinished counts: ${same ? 'yes' : 'NO'} |`,
  );
  if (!same) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
