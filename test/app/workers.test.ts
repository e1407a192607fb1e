import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { processNextDelivery } from '../../src/app/process-deliveries.js';
import { processNextOutboxMessage } from '../../src/app/process-outbox.js';
import { createLogger } from '../../src/logger.js';
import { createMetrics } from '../../src/metrics.js';
import { ChannelSendError, PermanentError, RetryLater } from '../../src/ports/errors.js';
import type { DeliveryHandler } from '../../src/ports/inbox.js';
import { SURVEY_SEND, type OutboxSender } from '../../src/ports/outbox.js';
import type { Store } from '../../src/ports/store.js';
import { openTestStore } from '../support/store.js';

let store: Store;
let now = new Date('2026-03-02T10:00:00Z');
const clock = { now: () => now };
const logger = createLogger({ level: 'silent' });
// Three tries 10 s apart reach the 20 s horizon: the third failure is the last.
const policy = { baseMs: 1000, capMs: 10_000, horizonMs: 20_000 };

beforeEach(async () => {
  store = await openTestStore();
  now = new Date('2026-03-02T10:00:00Z');
});
afterEach(async () => {
  await store.close();
});

const advance = (ms: number) => (now = new Date(now.getTime() + ms));
const addDelivery = () =>
  store.deliveries.add({ provider: 'zendesk', deliveryId: 'd1', eventType: null, rawBody: '{}', receivedAt: now });

describe('delivery worker', () => {
  const run = (handler: DeliveryHandler | undefined) =>
    processNextDelivery({
      inbox: store.deliveries,
      handlers: handler ? { zendesk: handler } : {},
      clock,
      logger,
      metrics: createMetrics({ collectDefaults: false }),
      retry: policy,
    });

  it('marks a handled delivery done, and reports idle when nothing is due', async () => {
    await addDelivery();
    expect(await run(async () => 'done')).toBe(true);
    expect(await store.deliveries.countByStatus()).toEqual({ done: 1 });
    expect(await run(async () => 'done')).toBe(false);
  });

  it('retries a failing delivery with backoff, then gives up once the retry horizon has passed', async () => {
    await addDelivery();
    let calls = 0;
    const failing: DeliveryHandler = async () => {
      calls++;
      throw new Error('zendesk 503');
    };
    for (let i = 0; i < 3; i++) {
      expect(await run(failing)).toBe(true);
      advance(10_001);
    }
    expect(calls).toBe(3);
    expect(await store.deliveries.countByStatus()).toEqual({ dead: 1 });
  });

  it('does not retry a permanent error', async () => {
    await addDelivery();
    await run(async () => {
      throw new PermanentError('not a ticket payload');
    });
    expect(await store.deliveries.countByStatus()).toEqual({ dead: 1 });
  });

  it('keeps deliveries while the integration is off', async () => {
    await addDelivery();
    expect(await run(undefined)).toBe(false);
    expect(await store.deliveries.countByStatus()).toEqual({ pending: 1 });
  });
});

describe('outbox worker', () => {
  const run = (sender: OutboxSender<typeof SURVEY_SEND>) =>
    processNextOutboxMessage({
      outbox: store.outbox,
      senders: { [SURVEY_SEND]: sender },
      clock,
      logger,
      metrics: createMetrics({ collectDefaults: false }),
      retry: policy,
    });
  const enqueue = () =>
    store.outbox.enqueue(
      { kind: SURVEY_SEND, dedupeKey: 'k', ticketId: 1, payload: { surveyId: 1 }, notBefore: now },
      now,
    );

  it('honours Retry-After over its own backoff', async () => {
    await enqueue();
    await run(async () => {
      throw new ChannelSendError('429', { permanent: false, retryAfterMs: 30_000 });
    });
    advance(29_999);
    expect(await run(async () => ({ providerId: 'x' }))).toBe(false);
    advance(1);
    expect(await run(async () => ({ providerId: 'SM123' }))).toBe(true);
    expect(await store.outbox.countByStatus()).toEqual({ sent: 1 });
  });

  it('moves a message to the dead letters once the retry horizon has passed, and at once on a permanent error', async () => {
    await enqueue();
    for (let i = 0; i < 3; i++) {
      await run(async () => {
        throw new Error('500');
      });
      advance(10_001);
    }
    expect(await store.outbox.countByStatus()).toEqual({ dead: 1 });
    await store.outbox.enqueue(
      { kind: SURVEY_SEND, dedupeKey: 'k2', ticketId: 1, payload: { surveyId: 2 }, notBefore: now },
      now,
    );
    await run(async () => {
      throw new PermanentError('422 ticket closed');
    });
    expect(await store.outbox.countByStatus()).toEqual({ dead: 2 });
  });
});

describe('retries by time, not count', () => {
  const runDelivery = (handler: DeliveryHandler) =>
    processNextDelivery({
      inbox: store.deliveries,
      handlers: { zendesk: handler },
      clock,
      logger,
      metrics: createMetrics({ collectDefaults: false }),
      retry: policy,
    });

  it('waits the provider asks for (429 Retry-After) spend no retry budget, however many', async () => {
    await addDelivery();
    // 20 answers of 429 with Retry-After: 1 s, then an answer: the delivery is done, not dead.
    for (let i = 0; i < 20; i++) {
      await runDelivery(async () => {
        throw new RetryLater('429 from zendesk', 1_000);
      });
      advance(1_000);
    }
    expect(await runDelivery(async () => 'done')).toBe(true);
    expect(await store.deliveries.countByStatus()).toEqual({ done: 1 });
  });

  it('an outage shorter than the horizon delays the work and loses nothing', async () => {
    await addDelivery();
    const outageEnds = now.getTime() + 19_000;
    let tries = 0;
    while ((await store.deliveries.countByStatus()).pending === 1) {
      const ran = await runDelivery(async () => {
        tries++;
        if (now.getTime() < outageEnds) throw new Error('zendesk 503');
        return 'done';
      });
      if (!ran) advance(500);
    }
    expect(await store.deliveries.countByStatus()).toEqual({ done: 1 });
    expect(tries).toBeGreaterThan(1);
  });

  it('a dead letter replayed gets a fresh budget', async () => {
    await addDelivery();
    await runDelivery(async () => {
      throw new PermanentError('bad payload');
    });
    const [dead] = await store.deliveries.listDead(10);
    expect(dead).toMatchObject({ queue: 'inbox', kind: 'zendesk', reason: 'bad payload', failures: 1 });
    expect(await store.deliveries.retryDead(dead!.id, now)).toBe(1);
    expect(await runDelivery(async () => 'done')).toBe(true);
    expect(await store.deliveries.countByStatus()).toEqual({ done: 1 });
  });
});
