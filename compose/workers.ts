import type { Clock } from '../src/ports/clock.js';
import { startPoller, type Poller } from '../src/app/poller.js';
import { processNextDelivery } from '../src/app/process-deliveries.js';
import { processNextOutboxMessage } from '../src/app/process-outbox.js';
import type { Logger } from '../src/logger.js';
import type { Metrics } from '../src/metrics.js';
import type { DeliveryHandlers } from '../src/ports/inbox.js';
import type { OutboxDeadHandlers, OutboxKind, OutboxSenders } from '../src/ports/outbox.js';
import type { Store } from '../src/ports/store.js';

export interface WorkerSetup {
  store: Store;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  handlers: DeliveryHandlers;
  senders: OutboxSenders;
  onDead: OutboxDeadHandlers;
}

export interface Workers {
  /** One unit of each queue's work; false when nothing was due. */
  nextDelivery(): Promise<boolean>;
  nextOutbox(kinds?: readonly OutboxKind[]): Promise<boolean>;
  /** Processes every due inbox delivery and outbox message; resolves with how many. */
  runUntilIdle(): Promise<number>;
  /** Starts one background loop per queue. */
  start(idleMs: number): void;
  /** Nudges a loop now instead of after its idle sleep (a webhook was stored, a message queued). */
  wakeDeliveries(): void;
  wakeOutbox(): void;
  stop(): Promise<void>;
}

export function createWorkers(setup: WorkerSetup): Workers {
  const { store, clock, logger, metrics } = setup;
  const nextDelivery = () => processNextDelivery({ inbox: store.deliveries, handlers: setup.handlers, clock, logger, metrics });
  const nextOutbox = (kinds?: readonly OutboxKind[]) =>
    processNextOutboxMessage({ outbox: store.outbox, senders: setup.senders, clock, logger, metrics, onDead: setup.onDead, ...(kinds ? { kinds } : {}) });
  let deliveryPoller: Poller | null = null;
  let outboxPoller: Poller | null = null;
  return {
    nextDelivery,
    nextOutbox,
    async runUntilIdle() {
      let done = 0;
      while ((await nextDelivery()) || (await nextOutbox())) done += 1;
      return done;
    },
    start(idleMs) {
      deliveryPoller = startPoller('deliveries', nextDelivery, { idleMs, logger });
      outboxPoller = startPoller('outbox', () => nextOutbox(), { idleMs, logger });
    },
    wakeDeliveries: () => deliveryPoller?.wake(),
    wakeOutbox: () => outboxPoller?.wake(),
    async stop() {
      await Promise.all([deliveryPoller?.stop(), outboxPoller?.stop()]);
    },
  };
}
