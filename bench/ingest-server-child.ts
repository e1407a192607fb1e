/**
 * The server side of the ingest and processing benchmarks, in a process of its own so the
 * load generator does not share its thread: `noop` is the reference (an express 5 app whose
 * one POST route answers at once), `service` is Effortless built from the environment
 * `serve` reads, listening, with its workers off (manualWorkers), `service+workers` the
 * same with its workers on. BENCH_SERVICE_ENV (JSON) adds settings (the stand-ins' URLs);
 * BENCH_BACKLOG=n stores n solved deliveries (tickets from BENCH_BACKLOG_FIRST_ID) before
 * the workers start. Over IPC: sends `ready` once listening; answers `memory`, `cpu` and `progress`
 * (deliveries processed and messages sent so far); ends on SIGTERM.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import express from 'express';
import { closeServer, listen, localUrl } from '../compose/listen.js';
import type { Metrics } from '../src/metrics.js';
import { BENCH_WEBHOOK_SECRET } from './bench-webhook-secret.js';

/** A second, read-only connection to the service's database, for the storage report. */
let reader: Database.Database | null = null;
let openReader: (path: string) => Database.Database = () => {
  throw new Error('no database in the no-op app');
};
function sqliteOf(path: string): Database.Database {
  reader ??= openReader(path);
  return reader;
}

const mode = process.argv[2] ?? 'noop';
const dir = mkdtempSync(join(tmpdir(), 'effortless-ingest-'));
let stop: () => Promise<void>;
let url: string;
let metrics: Metrics | null = null;
let storage: (() => Promise<{ tickets: number; bytes: number; rawBodyBytes: number; deliveries: number }>) | null =
  null;
if (mode === 'noop') {
  const app = express();
  app.disable('x-powered-by');
  app.post('/webhooks/zendesk', (_req, res) => {
    res.status(200).json({ status: 'stored' });
  });
  const server = await listen(app, 0);
  url = localUrl(server, 0);
  stop = () => closeServer(server);
} else {
  // Loaded here, not at the top: the no-op reference must not carry the service's modules.
  const [{ buildService }, { openStore }, { loadConfig }, { createLogger }, { fillBacklog }, sqlite] =
    await Promise.all([
      import('../compose/build-service.js'),
      import('../db/open-store.js'),
      import('../src/config/load-config.js'),
      import('../src/logger.js'),
      import('./backlog.js'),
      import('better-sqlite3'),
    ]);
  openReader = (file) => new sqlite.default(file, { readonly: true });
  const path = join(dir, 'effortless.db');
  const backlog = Number(process.env.BENCH_BACKLOG ?? 0);
  if (backlog > 0) {
    await (await openStore(`file:${path}`, { migrate: true })).close();
    fillBacklog(path, backlog, {
      dueAt: Date.now(),
      firstTicketId: Number(process.env.BENCH_BACKLOG_FIRST_ID ?? 1),
      body: (id) => JSON.stringify({ effortless: 'zendesk-trigger/1', ticket_id: String(id), status: 'solved' }),
    });
  }
  const config = loadConfig(
    {
      DATABASE_URL: `file:${path}`,
      PORT: '0',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
      // The benches' way to try another page cache (the stand-ins' settings below do not carry it).
      ...(process.env.SQLITE_CACHE_MIB ? { SQLITE_CACHE_MIB: process.env.SQLITE_CACHE_MIB } : {}),
      ...JSON.parse(process.env.BENCH_SERVICE_ENV ?? '{}'),
      // The load generator signs with this one, whatever the stand-ins' settings say.
      ZENDESK_WEBHOOK_SECRET: BENCH_WEBHOOK_SECRET,
    },
    { cwd: dir },
  );
  // Logs go to stdout as in production; the parent sends this process's stdout to /dev/null.
  const service = await buildService(config, {
    logger: createLogger({ level: config.logLevel }),
    manualWorkers: mode !== 'service+workers',
  });
  metrics = service.metrics;
  storage = async () => {
    // What stays for good: every queue row retention may delete is deleted first.
    const future = new Date(Date.now() + 86_400_000);
    const rawBodyBytes = Number(
      (
        sqliteOf(path).prepare('SELECT coalesce(sum(length(raw_body)), 0) AS n FROM webhook_deliveries').get() as {
          n: number;
        }
      ).n,
    );
    const deliveries = Number(
      (sqliteOf(path).prepare('SELECT count(*) AS n FROM webhook_deliveries').get() as { n: number }).n,
    );
    while ((await service.store.deliveries.deleteProcessedBefore(future, 10_000)) > 0);
    while ((await service.store.outbox.deleteFinishedBefore(future, 10_000)) > 0);
    const db = sqliteOf(path);
    const tickets = Number((db.prepare('SELECT count(*) AS n FROM tickets').get() as { n: number }).n);
    // Bytes in use (pages less their free space), tables and indexes alike.
    const bytes = Number(
      (db.prepare("SELECT sum(pgsize - unused) AS n FROM dbstat WHERE name NOT LIKE 'sqlite_%'").get() as { n: number })
        .n,
    );
    return { tickets, bytes, rawBodyBytes, deliveries };
  };
  const running = await service.listen();
  url = running.url;
  stop = () => running.stop();
}

/** Sum of a counter's values whose `outcome` label is one of `outcomes`. */
async function counted(name: string, outcomes: string[]): Promise<number> {
  const metric = metrics?.registry.getSingleMetric(name);
  if (!metric) return 0;
  const { values } = await metric.get();
  return values.filter((v) => outcomes.includes(String(v.labels.outcome))).reduce((sum, v) => sum + v.value, 0);
}

process.send?.({ kind: 'ready', url });
process.on('message', async (message: { kind: string }) => {
  if (message.kind === 'memory') {
    global.gc?.();
    process.send?.({ kind: 'memory', usage: process.memoryUsage() });
  } else if (message.kind === 'cpu') {
    process.send?.({ kind: 'cpu', usage: process.cpuUsage() });
  } else if (message.kind === 'storage' && storage) {
    process.send?.({ kind: 'storage', ...(await storage()) });
  } else if (message.kind === 'progress') {
    process.send?.({
      kind: 'progress',
      processed: await counted('effortless_deliveries_processed_total', ['done', 'ignored']),
      sent: await counted('effortless_outbox_sends_total', ['sent']),
      failed: await counted('effortless_deliveries_processed_total', ['retry', 'dead']),
    });
  }
});
process.on('SIGTERM', () => {
  void stop().finally(() => {
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  });
});
