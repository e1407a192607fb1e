import express from 'express';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listDeadLetters, replayDeadLetters, resolveDeadLetterRef } from '../../src/app/dead-letters.js';
import { createDeadLettersApi } from '../../src/http/dead-letters-api.js';
import { SURVEY_SEND } from '../../src/ports/outbox.js';
import type { Store } from '../../src/ports/store.js';
import { openTestStore } from '../support/store.js';

let store: Store;
const now = new Date('2026-03-02T10:00:00Z');

async function deadDelivery(): Promise<number> {
  const { id } = await store.deliveries.add({
    provider: 'zendesk',
    deliveryId: 'd1',
    eventType: null,
    rawBody: '{}',
    receivedAt: now,
    orderingKey: 'ticket:501',
  });
  await store.deliveries.claimNext(now, 30_000);
  await store.deliveries.markFailed(id, 'zendesk 404: ticket deleted', null);
  return id;
}

async function deadMessage(): Promise<number> {
  const { id } = await store.outbox.enqueue(
    { kind: SURVEY_SEND, dedupeKey: 'k', ticketId: 502, payload: { surveyId: 1 }, notBefore: now },
    now,
  );
  await store.outbox.claimNext(now, 30_000);
  await store.outbox.markFailed(id, 'twilio 503 for 24 h', null, now);
  return id;
}

beforeEach(async () => {
  store = await openTestStore();
});
afterEach(async () => {
  await store.close();
});

describe('dead letters', () => {
  it('GET /api/dead-letters lists both queues with their reasons', async () => {
    await deadDelivery();
    await deadMessage();
    const app = express().use('/api', createDeadLettersApi(store));
    const res = await request(app).get('/api/dead-letters').expect(200);
    expect(res.body.deadLetters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          id: 'inbox:1',
          queue: 'inbox',
          kind: 'zendesk',
          ticketId: 501,
          reason: 'zendesk 404: ticket deleted',
        }),
        expect.objectContaining({
          id: 'outbox:1',
          queue: 'outbox',
          kind: SURVEY_SEND,
          ticketId: 502,
          reason: 'twilio 503 for 24 h',
        }),
      ]),
    );
  });

  it('replays one by its queue-qualified id, and says which when a bare id is ambiguous', async () => {
    await deadDelivery();
    await deadMessage();
    await expect(resolveDeadLetterRef(store, '1')).rejects.toThrow(/say inbox:1 or outbox:1/);
    expect(await replayDeadLetters(store, await resolveDeadLetterRef(store, 'outbox:1'), now)).toBe(1);
    expect(await store.outbox.countByStatus()).toEqual({ pending: 1 });
    expect(await resolveDeadLetterRef(store, '1')).toEqual({ queue: 'inbox', id: 1 });
  });

  it('replays every one with --all, each with a fresh retry budget', async () => {
    await deadDelivery();
    await deadMessage();
    expect(await replayDeadLetters(store, 'all', now)).toBe(2);
    expect(await listDeadLetters(store)).toEqual([]);
    const delivery = await store.deliveries.claimNext(now, 30_000);
    expect(delivery).toMatchObject({ failures: 0, retryFrom: now });
  });
});
