import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ZENDESK_PROVIDER, type NewDelivery } from '../../src/ports/inbox.js';
import { SURVEY_SEND, type NewOutboxMessage } from '../../src/ports/outbox.js';
import type { Store } from '../../src/ports/store.js';
import { STORE_BACKENDS } from '../support/store.js';

const t0 = new Date('2026-03-02T10:00:00Z');
const later = (ms: number) => new Date(t0.getTime() + ms);
const delivery = (deliveryId: string, orderingKey: string | null = null): NewDelivery => ({
  provider: ZENDESK_PROVIDER,
  deliveryId,
  eventType: 'ticket.solved',
  rawBody: '{}',
  receivedAt: t0,
  orderingKey,
});
const message = (dedupeKey: string): NewOutboxMessage<typeof SURVEY_SEND> => ({
  kind: SURVEY_SEND,
  dedupeKey,
  ticketId: 42,
  payload: { surveyId: 7 },
  notBefore: t0,
});

describe.each(STORE_BACKENDS)('$name', ({ open }) => {
  let store: Store;
  beforeEach(async () => {
    store = await open();
  });
  afterEach(async () => {
    await store.close();
  });

  describe('delivery inbox: retries, dead letters and retention', () => {
    it('counts failures but not waits, and keeps the first receipt as the start of the retries', async () => {
      const { id } = await store.deliveries.add(delivery('evt-1'));
      await store.deliveries.claimNext(t0, 30_000);
      await store.deliveries.markFailed(id, '429 slow down', later(1_000), { countsAsFailure: false });
      await store.deliveries.claimNext(later(1_000), 30_000);
      await store.deliveries.markFailed(id, 'zendesk 503', later(2_000));
      const third = await store.deliveries.claimNext(later(2_000), 30_000);
      expect(third).toMatchObject({ id, attempts: 3, failures: 1, retryFrom: t0, orderingKey: null });
    });

    it('lists dead letters newest first with their ticket, and replays one or all with a fresh budget', async () => {
      const first = await store.deliveries.add(delivery('evt-1', 'ticket:501'));
      const second = await store.deliveries.add(delivery('evt-2', 'phone:+31'));
      for (const id of [first.id, second.id]) {
        await store.deliveries.claimNext(t0, 30_000);
        await store.deliveries.markFailed(id, `gave up on ${id}`, null);
      }
      expect(await store.deliveries.listDead(10)).toEqual([
        {
          queue: 'inbox',
          id: second.id,
          kind: ZENDESK_PROVIDER,
          ticketId: null,
          reason: `gave up on ${second.id}`,
          attempts: 1,
          failures: 1,
          queuedAt: t0,
        },
        {
          queue: 'inbox',
          id: first.id,
          kind: ZENDESK_PROVIDER,
          ticketId: 501,
          reason: `gave up on ${first.id}`,
          attempts: 1,
          failures: 1,
          queuedAt: t0,
        },
      ]);
      expect(await store.deliveries.listDead(1)).toHaveLength(1);
      expect(await store.deliveries.retryDead(first.id, later(5_000))).toBe(1);
      expect(await store.deliveries.retryDead(first.id, later(5_000))).toBe(0);
      expect(await store.deliveries.claimNext(later(5_000), 30_000)).toMatchObject({
        id: first.id,
        attempts: 2,
        failures: 0,
        retryFrom: later(5_000),
      });
      expect(await store.deliveries.retryDead('all', later(6_000))).toBe(1);
      expect(await store.deliveries.countByStatus()).toEqual({ pending: 1, processing: 1 });
    });

    it('deletes only processed deliveries older than the cutoff, at most the limit at a time', async () => {
      const ids: number[] = [];
      for (const name of ['a', 'b', 'c', 'd']) ids.push((await store.deliveries.add(delivery(name))).id);
      await store.deliveries.markDone(ids[0] ?? 0, 'done', t0);
      await store.deliveries.markDone(ids[1] ?? 0, 'ignored', t0);
      await store.deliveries.markDone(ids[2] ?? 0, 'done', later(10_000));
      await store.deliveries.markFailed(ids[3] ?? 0, 'broken', null);
      expect(await store.deliveries.deleteProcessedBefore(later(10_000), 1)).toBe(1);
      expect(await store.deliveries.deleteProcessedBefore(later(10_000), 10)).toBe(1);
      expect(await store.deliveries.deleteProcessedBefore(later(10_000), 10)).toBe(0);
      expect(await store.deliveries.countByStatus()).toEqual({ done: 1, dead: 1 });
    });

    it('counts unfinished deliveries by status (waiting, running, dead), finished ones not', async () => {
      const ids: number[] = [];
      for (const key of ['a', 'b', 'c', 'd', 'e', 'f']) ids.push((await store.deliveries.add(delivery(key))).id);
      const [done, ignored, dead] = ids as [number, number, number];
      for (let claims = 0; claims < 4; claims++) await store.deliveries.claimNext(t0, 30_000); // the fourth stays running
      await store.deliveries.markDone(done, 'done', t0);
      await store.deliveries.markDone(ignored, 'ignored', t0);
      await store.deliveries.markFailed(dead, 'gave up', null);
      expect(await store.deliveries.countUnfinished()).toEqual({ pending: 2, processing: 1, dead: 1 });
      expect(await store.deliveries.countByStatus()).toEqual({
        pending: 2,
        processing: 1,
        dead: 1,
        done: 1,
        ignored: 1,
      });
    });

    it('does not renew a lease another worker took over', async () => {
      const { id } = await store.deliveries.add(delivery('evt-1'));
      await store.deliveries.claimNext(t0, 30_000);
      await store.deliveries.markDone(id, 'done', later(1));
      expect(await store.deliveries.renewLease(id, later(60_000))).toBe(false);
    });
  });

  describe('outbox: outcomes, cancels, dead letters and retention', () => {
    it('tells the next try that an earlier one may have reached the provider, or died mid-send', async () => {
      const { id } = await store.outbox.enqueue(message('m-1'), t0);
      expect(await store.outbox.claimNext(t0, 30_000)).toMatchObject({ previousOutcomeUnknown: false, retryFrom: t0 });
      await store.outbox.markFailed(id, 'timeout', later(1_000), later(1), { outcomeUnknown: true });
      expect(await store.outbox.claimNext(later(1_000), 30_000)).toMatchObject({
        previousOutcomeUnknown: true,
        attempts: 2,
        failures: 1,
      });
      await store.outbox.markFailed(id, 'quiet hours', later(2_000), later(1_000), { countsAsFailure: false });
      expect(await store.outbox.claimNext(later(2_000), 30_000)).toMatchObject({
        previousOutcomeUnknown: false,
        failures: 1,
      });
      // The lease of the third try runs out: its process died during the send.
      expect(await store.outbox.claimNext(later(32_000), 30_000)).toMatchObject({
        previousOutcomeUnknown: true,
        attempts: 4,
      });
    });

    it('counts the messages due now, leased and future ones not, no further than asked', async () => {
      for (const key of ['a', 'b', 'c', 'd']) await store.outbox.enqueue(message(key), t0);
      await store.outbox.enqueue({ ...message('tomorrow'), notBefore: later(86_400_000) }, t0);
      expect(await store.outbox.countDue(t0, 10)).toBe(4);
      expect(await store.outbox.countDue(t0, 3)).toBe(3);
      await store.outbox.claimNext(t0, 30_000);
      expect(await store.outbox.countDue(t0, 10)).toBe(3);
      expect(await store.outbox.countDue(later(86_400_000), 10)).toBe(4);
    });

    it('counts unfinished messages by status (waiting, sending, dead), sent and cancelled ones not', async () => {
      for (const key of ['sent', 'dead', 'sending', 'waiting', 'cancelled'])
        await store.outbox.enqueue(message(key), t0);
      for (const outcome of ['sent', 'dead'] as const) {
        const claimed = await store.outbox.claimNext(t0, 30_000);
        if (outcome === 'sent') await store.outbox.markSent(claimed?.id ?? -1, 'SM1', t0);
        else await store.outbox.markFailed(claimed?.id ?? -1, 'gave up', null, t0);
      }
      await store.outbox.claimNext(t0, 30_000);
      expect(await store.outbox.cancel('cancelled', t0)).toBe(true);
      expect(await store.outbox.countUnfinished()).toEqual({ pending: 1, sending: 1, dead: 1 });
      expect(await store.outbox.countByStatus()).toEqual({ pending: 1, sending: 1, dead: 1, sent: 1, cancelled: 1 });
    });

    it('cancels only a message still waiting', async () => {
      await store.outbox.enqueue(message('waiting'), t0);
      const sent = await store.outbox.enqueue(message('sent'), t0);
      expect(await store.outbox.cancel('waiting', t0)).toBe(true);
      expect(await store.outbox.cancel('waiting', t0)).toBe(false);
      await store.outbox.claimNext(t0, 30_000);
      expect(await store.outbox.cancel('sent', t0)).toBe(false);
      await store.outbox.markSent(sent.id, 'SM1', t0);
      expect(await store.outbox.cancel('nobody', t0)).toBe(false);
      expect(await store.outbox.countByStatus()).toEqual({ cancelled: 1, sent: 1 });
    });

    it('lists and replays dead letters, and deletes only finished messages older than the cutoff', async () => {
      const dead = await store.outbox.enqueue(message('dead'), t0);
      await store.outbox.claimNext(t0, 30_000);
      await store.outbox.markFailed(dead.id, '422 closed', null, later(1));
      expect(await store.outbox.listDead(10)).toEqual([
        {
          queue: 'outbox',
          id: dead.id,
          kind: SURVEY_SEND,
          ticketId: 42,
          reason: '422 closed',
          attempts: 1,
          failures: 1,
          queuedAt: t0,
        },
      ]);
      const sent = await store.outbox.enqueue(message('sent'), t0);
      await store.outbox.claimNext(t0, 30_000);
      await store.outbox.markSent(sent.id, null, later(1));
      await store.outbox.enqueue(message('cancelled'), t0);
      await store.outbox.cancel('cancelled', later(1));
      await store.outbox.enqueue({ ...message('waiting'), notBefore: later(10_000) }, t0);
      expect(await store.outbox.deleteFinishedBefore(later(2), 10)).toBe(2);
      expect(await store.outbox.retryDead('all', later(3))).toBe(1);
      expect(await store.outbox.claimNext(later(3), 30_000)).toMatchObject({
        id: dead.id,
        failures: 0,
        retryFrom: later(3),
      });
      expect(await store.outbox.countByStatus()).toEqual({ pending: 1, sending: 1 });
    });
  });
});
