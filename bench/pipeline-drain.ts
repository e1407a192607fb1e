/**
 * One drain of a backlog, in-process: the stand-ins on loopback answering after `delayMs`,
 * the service built from the same environment `serve` reads (only WORKERS changes between
 * runs), a file-backed SQLite database, and `tickets` solved deliveries stored in the inbox
 * before the workers start, as after an outage. Done = every delivery done and both outbox
 * messages of every ticket (effort write-back, survey SMS) sent.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildService } from '../compose/build-service.js';
import { openStore } from '../db/open-store.js';
import { loadConfig } from '../src/config/load-config.js';
import { createLogger } from '../src/logger.js';
import { ZENDESK_PROVIDER, ticketOrderingKey } from '../src/ports/inbox.js';
import type { Store } from '../src/ports/store.js';
import type { RecordedCall } from '../demo/stand-ins/start-stand-ins.js';
import { standInEnv } from '../test/pipeline/solved-world.js';
import { startLocalWorld, startRemoteWorld } from './stand-ins-process.js';
import { timedStore, type StoreTimings } from './store-timing.js';

export interface DrainOptions {
  tickets: number;
  /** WORKERS; undefined = the default. */
  workers?: number;
  delayMs: number;
  /** First ticket id; runs use separate ids so their customers never share a cooldown. */
  firstId: number;
  /** `process` (default): the stand-ins run in a child process; `thread`: on the service's own thread. */
  standIns: 'process' | 'thread';
  progress?: (line: string) => void;
}

export interface DrainResult {
  tickets: number;
  workers: number;
  seconds: number;
  ticketsPerSecond: number;
  /** Rate between 10 % and 90 % of the tickets done: without the start and the tail. */
  steadyPerSecond: number;
  /** Share of the run the event loop was busy (CPU of the one JavaScript thread). */
  eventLoopUtilization: number;
  timings: StoreTimings;
  calls: { zendesk: RecordedCall[]; twilio: RecordedCall[] };
  ids: number[];
}

/** One solved-ticket trigger delivery per id, stored in the inbox 100 to a transaction, as after an outage. */
export async function storeSolvedBacklog(store: Store, ids: readonly number[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 100) {
    await store.atomically(async () => {
      for (const id of ids.slice(i, i + 100))
        await store.deliveries.add({
          provider: ZENDESK_PROVIDER,
          deliveryId: `bench-solved-${id}`,
          eventType: 'zendesk-trigger',
          rawBody: JSON.stringify({ effortless: 'zendesk-trigger/1', ticket_id: String(id), status: 'solved' }),
          receivedAt: new Date(),
          orderingKey: ticketOrderingKey(id),
        });
    });
  }
}

export async function drainBacklog(options: DrainOptions): Promise<DrainResult> {
  const ids = Array.from({ length: options.tickets }, (_, i) => options.firstId + i);
  const world = await (options.standIns === 'thread' ? startLocalWorld : startRemoteWorld)(ids, options.delayMs);
  const dir = mkdtempSync(join(tmpdir(), 'effortless-bench-'));
  const databaseUrl = `file:${join(dir, 'effortless.db')}`;
  try {
    const config = loadConfig(
      {
        DATABASE_URL: databaseUrl,
        PORT: '0',
        LOG_LEVEL: 'error',
        ...standInEnv(world),
        ...(options.workers === undefined ? {} : { WORKERS: String(options.workers) }),
      },
      { cwd: dir },
    );
    const timed = timedStore(await openStore(databaseUrl, { migrate: true }));
    const service = await buildService(config, { store: timed.store, logger: createLogger({ level: 'error' }) });
    await storeSolvedBacklog(timed.store, ids);
    timed.reset(); // the backlog's inserts are not part of the drain

    const loopBefore = performance.eventLoopUtilization();
    const started = performance.now();
    const running = await service.listen();
    const marks: { p10?: number; p90?: number } = {};
    let lastReport = started;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const [inbox, outbox] = [
        await service.store.deliveries.countByStatus(),
        await service.store.outbox.countByStatus(),
      ];
      // A ticket is done when its delivery is and both of its messages went out.
      const done = Math.min(inbox.done ?? 0, Math.floor((outbox.sent ?? 0) / 2));
      const now = performance.now();
      if (done >= options.tickets * 0.1) marks.p10 ??= now;
      if (done >= options.tickets * 0.9) marks.p90 ??= now;
      if (now - lastReport > 5000) {
        lastReport = now;
        options.progress?.(
          `  ${done}/${options.tickets} tickets after ${((now - started) / 1000).toFixed(0)} s (inbox ${JSON.stringify(inbox)}, outbox ${JSON.stringify(outbox)})`,
        );
      }
      if ((inbox.done ?? 0) === options.tickets && (outbox.sent ?? 0) === 2 * options.tickets) break;
      const stuck = (inbox.dead ?? 0) + (outbox.dead ?? 0);
      if (stuck > 0)
        throw new Error(
          `dead letters during the drain: inbox ${JSON.stringify(inbox)}, outbox ${JSON.stringify(outbox)}`,
        );
    }
    const seconds = (performance.now() - started) / 1000;
    const eventLoopUtilization = performance.eventLoopUtilization(loopBefore).utilization;
    await running.stop();
    const steadySeconds = ((marks.p90 ?? 0) - (marks.p10 ?? 0)) / 1000;
    return {
      tickets: options.tickets,
      workers: config.workers,
      seconds,
      ticketsPerSecond: options.tickets / seconds,
      steadyPerSecond: steadySeconds > 0 ? (options.tickets * 0.8) / steadySeconds : Number.NaN,
      eventLoopUtilization,
      timings: timed.report(),
      calls: await world.calls(),
      ids,
    };
  } finally {
    await world.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
