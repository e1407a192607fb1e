import type { Clock } from '../src/ports/clock.js';
import { outboxBackpressure } from '../src/app/outbox-backpressure.js';
import { startPoller, type Poller } from '../src/app/poller.js';
import { DELIVERY_RETRY, processNextDelivery } from '../src/app/process-deliveries.js';
import { OUTBOX_RETRY, processNextOutboxMessage } from '../src/app/process-outbox.js';
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
  /** Loops per queue; deliveries of one ticket still run one at a time, in order (the claim sees to it). */
  concurrency: number;
  /** How long failed work is retried before it becomes a dead letter. */
  retryHorizonMs: number;
  /** How long a claim holds without renewal. */
  leaseMs: number;
}

export interface Workers {
  /** One unit of each queue's work; false when nothing was due. */
  nextDelivery(): Promise<boolean>;
  nextOutbox(kinds?: readonly OutboxKind[]): Promise<boolean>;
  /** Processes every due inbox delivery and outbox message; resolves with how many. */
  runUntilIdle(): Promise<number>;
  /** Starts `concurrency` background loops per queue. */
  start(idleMs: number): void;
  /** Nudges a loop now instead of after its idle sleep (a webhook was stored, a message queued). */
  wakeDeliveries(): void;
  wakeOutbox(): void;
  stop(): Promise<void>;
}

export function createWorkers(setup: WorkerSetup): Workers {
  const { store, clock, logger, metrics } = setup;
  const deliveryRetry = { ...DELIVERY_RETRY, horizonMs: setup.retryHorizonMs };
  const outboxRetry = { ...OUTBOX_RETRY, horizonMs: setup.retryHorizonMs };
  const nextDelivery = () =>
    processNextDelivery({
      inbox: store.deliveries,
      handlers: setup.handlers,
      clock,
      logger,
      metrics,
      retry: deliveryRetry,
      atomically: store.atomically,
      leaseMs: setup.leaseMs,
    });
  const nextOutbox = (kinds?: readonly OutboxKind[]) =>
    processNextOutboxMessage({
      outbox: store.outbox,
      senders: setup.senders,
      clock,
      logger,
      metrics,
      onDead: setup.onDead,
      retry: outboxRetry,
      leaseMs: setup.leaseMs,
      ...(kinds ? { kinds } : {}),
    });
  let deliveryPollers: Poller[] = [];
  let outboxPollers: Poller[] = [];
  // One idle loop woken is enough: it claims the new row, and busy loops find it anyway.
  const wakeOne = (pollers: Poller[]) => void pollers.some((poller) => poller.wake());
  return {
    nextDelivery,
    nextOutbox,
    async runUntilIdle() {
      let done = 0;
      while ((await nextDelivery()) || (await nextOutbox())) done += 1;
      return done;
    },
    start(idleMs) {
      const loops = Array.from({ length: setup.concurrency }, (_, i) => i);
      // The outbox finishes what the inbox started before the inbox starts more: see outbox-backpressure.ts.
      const high = Math.max(8, setup.concurrency);
      const pressure = outboxBackpressure({ outbox: store.outbox, clock, high, low: Math.floor(high / 2) });
      const heldDelivery = async () => !(await pressure.holdsInbox()) && (await nextDelivery());
      const releasingOutbox = async () => {
        const sent = await nextOutbox();
        if (await pressure.releasesInbox()) for (const poller of deliveryPollers) poller.wake();
        return sent;
      };
      deliveryPollers = loops.map((i) => startPoller(`deliveries-${i}`, heldDelivery, { idleMs, logger }));
      outboxPollers = loops.map((i) => startPoller(`outbox-${i}`, releasingOutbox, { idleMs, logger }));
    },
    wakeDeliveries: () => wakeOne(deliveryPollers),
    wakeOutbox: () => wakeOne(outboxPollers),
    async stop() {
      await Promise.all([...deliveryPollers, ...outboxPollers].map((poller) => poller.stop()));
    },
  };
}
