import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWorkers } from '../../compose/workers.js';
import { outboxBackpressure } from '../../src/app/outbox-backpressure.js';
import { createLogger } from '../../src/logger.js';
import { createMetrics } from '../../src/metrics.js';
import { ZENDESK_PROVIDER } from '../../src/ports/inbox.js';
import { SURVEY_SEND, type OutboxSender } from '../../src/ports/outbox.js';
import type { Store } from '../../src/ports/store.js';
import { openTestStore } from '../support/store.js';

let store: Store;
const now = new Date('2026-03-02T10:00:00Z');
const clock = { now: () => now };
const logger = createLogger({ level: 'silent' });

beforeEach(async () => {
  store = await openTestStore();
});
afterEach(async () => {
  await store.close();
});

const queueMessages = async (from: number, count: number) => {
  for (let i = from; i < from + count; i++)
    await store.outbox.enqueue(
      { kind: SURVEY_SEND, dedupeKey: `m-${i}`, ticketId: i, payload: { surveyId: i }, notBefore: now },
      now,
    );
};
const sendOne = async () => {
  const message = await store.outbox.claimNext(now, 30_000);
  if (message) await store.outbox.markSent(message.id, null, now);
};

describe('outbox backpressure', () => {
  it('holds the inbox from `high` due messages until the outbox is down to `low`', async () => {
    const pressure = outboxBackpressure({ outbox: store.outbox, clock, high: 4, low: 2 });
    await queueMessages(1, 3);
    expect(await pressure.holdsInbox()).toBe(false);
    expect(await pressure.releasesInbox()).toBe(false); // nothing held, nothing to release
    await queueMessages(4, 1);
    expect(await pressure.holdsInbox()).toBe(true);
    await sendOne(); // 3 due: above low, still held
    expect(await pressure.releasesInbox()).toBe(false);
    expect(await pressure.holdsInbox()).toBe(true);
    await sendOne(); // 2 due: low reached
    expect(await pressure.releasesInbox()).toBe(true);
    expect(await pressure.holdsInbox()).toBe(false);
  });

  it('a held inbox looks again itself, so an outbox that went quiet never holds it for good', async () => {
    const pressure = outboxBackpressure({ outbox: store.outbox, clock, high: 2, low: 1 });
    await queueMessages(1, 2);
    expect(await pressure.holdsInbox()).toBe(true);
    await sendOne();
    await sendOne();
    expect(await pressure.holdsInbox()).toBe(false);
  });
});

describe('worker loops with backpressure', () => {
  it('every delivery is processed and every message sent, the outbox keeping pace on the way', async () => {
    const deliveries = 40;
    let sent = 0;
    let handled = 0;
    // Each delivery queues two messages, as a solved ticket does (write-back and survey).
    const handler = async (delivery: { deliveryId: string }) => {
      const n = Number(delivery.deliveryId.slice(2));
      await queueMessages(2 * n, 2);
      handled += 1;
      return 'done' as const;
    };
    const send: OutboxSender<typeof SURVEY_SEND> = async () => {
      sent += 1;
      return { providerId: null };
    };
    let lagWhenHandled = 0;
    const workers = createWorkers({
      store,
      clock,
      logger,
      metrics: createMetrics({ collectDefaults: false }),
      handlers: {
        [ZENDESK_PROVIDER]: async (delivery) => {
          const outcome = await handler(delivery);
          lagWhenHandled = Math.max(lagWhenHandled, 2 * handled - sent);
          return outcome;
        },
      },
      senders: { [SURVEY_SEND]: send },
      onDead: {},
      concurrency: 4,
      retryHorizonMs: 60_000,
      leaseMs: 30_000,
    });
    for (let i = 1; i <= deliveries; i++)
      await store.deliveries.add({
        provider: ZENDESK_PROVIDER,
        deliveryId: `d-${i}`,
        eventType: null,
        rawBody: '{}',
        receivedAt: now,
      });
    workers.start(5);
    try {
      while (sent < 2 * deliveries) await new Promise((resolve) => setTimeout(resolve, 5));
    } finally {
      await workers.stop();
    }
    expect(handled).toBe(deliveries);
    // high = 8 due messages hold the inbox; 4 loops in flight may each add 2 more, plus 2 each in the outbox's hands.
    expect(lagWhenHandled).toBeLessThanOrEqual(8 + 2 * 4 + 2 * 4);
  });
});
