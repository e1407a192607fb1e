import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { purgeExpired } from '../../src/app/retention.js';
import { createLogger } from '../../src/logger.js';
import { SURVEY_SEND } from '../../src/ports/outbox.js';
import type { Store } from '../../src/ports/store.js';
import { openTestStore } from '../support/store.js';

const DAY = 86_400_000;
const now = new Date('2026-11-30T12:00:00Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * DAY);
const logger = createLogger({ level: 'silent' });

let store: Store;
beforeEach(async () => {
  store = await openTestStore();
});
afterEach(async () => {
  await store.close();
});

/** A delivery received and (with `outcome`) processed `age` days ago; returns its id. */
async function delivery(name: string, age: number, outcome: 'done' | 'ignored' | 'dead' | 'pending' | 'processing') {
  const at = daysAgo(age);
  const { id } = await store.deliveries.add({
    provider: 'zendesk',
    deliveryId: name,
    eventType: null,
    rawBody: '{}',
    receivedAt: at,
  });
  if (outcome === 'pending') return id;
  // Work still running holds a lease well past now; finished work's lease no longer matters.
  const claimed = await store.deliveries.claimNext(at, outcome === 'processing' ? 365 * DAY : 60_000);
  expect(claimed?.id).toBe(id);
  if (outcome === 'done' || outcome === 'ignored') await store.deliveries.markDone(id, outcome, at);
  if (outcome === 'dead') await store.deliveries.markFailed(id, 'gave up', null);
  return id;
}

/** An outbox message queued and finished (`outcome`) `age` days ago. */
async function message(name: string, age: number, outcome: 'sent' | 'cancelled' | 'dead' | 'pending' | 'sending') {
  const at = daysAgo(age);
  const { id } = await store.outbox.enqueue(
    { kind: SURVEY_SEND, dedupeKey: name, ticketId: 1, payload: { surveyId: 1 }, notBefore: at },
    at,
  );
  if (outcome === 'cancelled') await store.outbox.cancel(name, at);
  if (outcome === 'pending' || outcome === 'cancelled') return id;
  const claimed = await store.outbox.claimNext(at, outcome === 'sending' ? 365 * DAY : 60_000);
  expect(claimed?.id).toBe(id);
  if (outcome === 'sent') await store.outbox.markSent(id, `provider-${name}`, at);
  if (outcome === 'dead') await store.outbox.markFailed(id, 'gave up', null, at);
  return id;
}

describe('retention', () => {
  it('deletes processed deliveries and finished messages older than the retention, in batches, and nothing else', async () => {
    for (let i = 0; i < 5; i++) await delivery(`old-done-${i}`, 40, 'done');
    await delivery('old-ignored', 31, 'ignored');
    await delivery('old-dead', 60, 'dead');
    await delivery('old-processing', 45, 'processing');
    await delivery('recent-done', 29, 'done');
    for (let i = 0; i < 3; i++) await message(`old-sent-${i}`, 40, 'sent');
    await message('old-cancelled', 35, 'cancelled');
    await message('old-dead', 60, 'dead');
    await message('old-sending', 45, 'sending');
    await message('recent-sent', 29, 'sent');
    // Waiting work last: a claim above would take it first, being the oldest.
    await delivery('old-pending', 45, 'pending');
    await message('old-pending', 45, 'pending');

    const purged = await purgeExpired({
      inbox: store.deliveries,
      outbox: store.outbox,
      clock: { now: () => now },
      logger,
      retentionMs: 30 * DAY,
      batchSize: 2,
    });

    expect(purged).toEqual({ deliveries: 6, outbox: 4 });
    expect(await store.deliveries.countByStatus()).toEqual({ dead: 1, pending: 1, processing: 1, done: 1 });
    expect(await store.outbox.countByStatus()).toEqual({ dead: 1, pending: 1, sending: 1, sent: 1 });
    // Dead letters stay listable and replayable whatever their age.
    expect((await store.deliveries.listDead(10)).map((d) => d.id)).toHaveLength(1);
    expect((await store.outbox.listDead(10)).map((d) => d.id)).toHaveLength(1);
  });

  it('keeps a delivery inside the retention as the duplicate check of a resend', async () => {
    await delivery('resent-later', 29, 'done');
    await purgeExpired({
      inbox: store.deliveries,
      outbox: store.outbox,
      clock: { now: () => now },
      logger,
      retentionMs: 30 * DAY,
    });
    const again = await store.deliveries.add({
      provider: 'zendesk',
      deliveryId: 'resent-later',
      eventType: null,
      rawBody: '{}',
      receivedAt: now,
    });
    expect(again.duplicate).toBe(true);
  });

  it('a purge with nothing old deletes nothing', async () => {
    await delivery('fresh', 1, 'done');
    await message('fresh', 1, 'sent');
    const purged = await purgeExpired({
      inbox: store.deliveries,
      outbox: store.outbox,
      clock: { now: () => now },
      logger,
      retentionMs: 30 * DAY,
    });
    expect(purged).toEqual({ deliveries: 0, outbox: 0 });
  });
});
