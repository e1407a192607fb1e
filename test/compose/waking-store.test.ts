import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { wakingOnQueue } from '../../compose/waking-store.js';
import type { NewDelivery } from '../../src/ports/inbox.js';
import { type NewOutboxMessage, SURVEY_SEND } from '../../src/ports/outbox.js';
import type { Store } from '../../src/ports/store.js';
import { openTestStore } from '../support/store.js';

const now = new Date('2026-11-30T12:00:00Z');
const delivery = (id: string): NewDelivery => ({
  provider: 'twilio-sms',
  deliveryId: id,
  eventType: null,
  rawBody: '{}',
  receivedAt: now,
});
const message = (key: string): NewOutboxMessage => ({
  kind: SURVEY_SEND,
  dedupeKey: key,
  ticketId: 1,
  payload: { surveyId: 1 },
  notBefore: now,
});

let inner: Store;
let store: Store;
let woken: string[];
beforeEach(async () => {
  inner = await openTestStore();
  woken = [];
  store = wakingOnQueue(inner, { deliveries: () => woken.push('deliveries'), outbox: () => woken.push('outbox') });
});
afterEach(async () => {
  await inner.close();
});

describe('wakingOnQueue', () => {
  it('wakes the queue the new work belongs to, once per new row, and no one for a duplicate', async () => {
    await store.deliveries.add(delivery('a'));
    await store.deliveries.add(delivery('a'));
    await store.outbox.enqueue(message('m'), now);
    await store.outbox.enqueue(message('m'), now);
    expect(woken).toEqual(['deliveries', 'outbox']);
  });

  it('wakes only after the transaction commits, and never for one rolled back', async () => {
    await store.atomically(async () => {
      await store.deliveries.add(delivery('committed'));
      expect(woken).toEqual([]);
    });
    expect(woken).toEqual(['deliveries']);
    await expect(
      store.atomically(async () => {
        await store.outbox.enqueue(message('rolled-back'), now);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(woken).toEqual(['deliveries']);
  });
});
