/**
 * The server side of ingest.bench.ts, in a process of its own so the load generator does not
 * share its thread: `noop` is the reference (an express 5 app whose one POST route answers
 * at once), `service` is Effortless built from the environment `serve` reads, listening,
 * with its workers off (manualWorkers) unless `service+workers`.
 * Sends `{ url }` once listening, `{ rss }` when asked, and ends on SIGTERM.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { buildService } from '../compose/build-service.js';
import { closeServer, listen, localUrl } from '../compose/listen.js';
import { loadConfig } from '../src/config/load-config.js';
import { createLogger } from '../src/logger.js';

export const BENCH_WEBHOOK_SECRET = 'bench-webhook-secret';

const mode = process.argv[2] ?? 'noop';
const dir = mkdtempSync(join(tmpdir(), 'effortless-ingest-'));
let stop: () => Promise<void>;
let url: string;
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
  const config = loadConfig(
    {
      DATABASE_URL: `file:${join(dir, 'effortless.db')}`,
      PORT: '0',
      ZENDESK_WEBHOOK_SECRET: BENCH_WEBHOOK_SECRET,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    },
    { cwd: dir },
  );
  // Logs go to stdout as in production; the parent sends this process's stdout to /dev/null.
  const service = await buildService(config, {
    logger: createLogger({ level: config.logLevel }),
    manualWorkers: mode !== 'service+workers',
  });
  const running = await service.listen();
  url = running.url;
  stop = () => running.stop();
}
process.send?.({ kind: 'ready', url });
process.on('message', (message: { kind: string }) => {
  if (message.kind === 'rss') {
    global.gc?.();
    process.send?.({ kind: 'rss', rss: process.memoryUsage().rss });
  }
});
process.on('SIGTERM', () => {
  void stop().finally(() => {
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  });
});
