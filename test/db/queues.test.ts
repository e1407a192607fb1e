import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TWILIO_SMS_PROVIDER, ZENDESK_PROVIDER, type NewDelivery } from '../../src/ports/inbox.js';
import { SLACK_ALERT, ZENDESK_TICKET_UPDATE, type NewOutboxMessage } from '../../src/ports/outbox.js';
import type { Store } from '../../src/ports/store.js';
import { STORE_BACKENDS } from '../support/store.js';

let store: Store;
afterEach(async () => {
  await store.close();
});

const t0 = new Date('2026-03-02T10:00:00Z');
const later = (ms: number) => new Date(t0.getTime() + ms);

describe.each(STORE_BACKENDS)('$name', ({ open }) => {
  beforeEach(async () => {
    store = await open();
  });

  describe('delivery inbox', () => {
    const delivery: NewDelivery = {
      provider: ZENDESK_PROVIDER,
      deliveryId: 'evt-1',
      eventType: 'ticket.solved',
      rawBody: '{}',
      receivedAt: t0,
    };

    it('stores a delivery once per provider and delivery id', async () => {
      const first = await store.deliveries.add(delivery);
      const again = await store.deliveries.add({ ...delivery, rawBody: '{"retry":true}' });
      const otherProvider = await store.deliveries.add({ ...delivery, provider: TWILIO_SMS_PROVIDER });
      expect(first.duplicate).toBe(false);
      expect(again).toEqual({ id: first.id, duplicate: true });
      expect(otherProvider.duplicate).toBe(false);
      expect(await store.deliveries.countByStatus()).toEqual({ pending: 2 });
    });

    it('leases a due delivery to one worker and hands it out again after a crash', async () => {
      await store.deliveries.add(delivery);
      const claimed = await store.deliveries.claimNext(t0, 30_000);
      expect(claimed?.deliveryId).toBe('evt-1');
      expect(claimed?.attempts).toBe(1);
      expect(await store.deliveries.claimNext(later(1_000), 30_000)).toBeNull();
      const reclaimed = await store.deliveries.claimNext(later(31_000), 30_000);
      expect(reclaimed?.id).toBe(claimed?.id);
      expect(reclaimed?.attempts).toBe(2);
    });

    it('waits until the retry time, and gives up when told to', async () => {
      const { id } = await store.deliveries.add(delivery);
      await store.deliveries.claimNext(t0, 30_000);
      await store.deliveries.markFailed(id, 'zendesk 503', later(60_000));
      expect(await store.deliveries.claimNext(later(59_000), 30_000)).toBeNull();
      expect((await store.deliveries.claimNext(later(60_000), 30_000))?.id).toBe(id);
      await store.deliveries.markFailed(id, 'bad payload', null);
      expect(await store.deliveries.countByStatus()).toEqual({ dead: 1 });
      expect(await store.deliveries.claimNext(later(999_999_999), 30_000)).toBeNull();
    });

    it('marks processed deliveries done or ignored', async () => {
      const a = await store.deliveries.add(delivery);
      const b = await store.deliveries.add({ ...delivery, deliveryId: 'evt-2' });
      await store.deliveries.markDone(a.id, 'done', t0);
      await store.deliveries.markDone(b.id, 'ignored', t0);
      expect(await store.deliveries.countByStatus()).toEqual({ done: 1, ignored: 1 });
    });
  });

  describe('outbox', () => {
    const update = { customFields: [], addTags: ['effort_high'], removeTags: [], internalNote: null };
    const message: NewOutboxMessage<typeof ZENDESK_TICKET_UPDATE> = {
      kind: ZENDESK_TICKET_UPDATE,
      dedupeKey: 'effort:1:abc',
      ticketId: 1,
      payload: { ticketId: 1, update },
      notBefore: t0,
    };
    const alertThread: NewOutboxMessage<typeof SLACK_ALERT> = {
      kind: SLACK_ALERT,
      dedupeKey: 'alert:1:resolved',
      ticketId: 1,
      payload: {
        op: 'thread',
        alertId: 1,
        view: { alertId: 1, kind: 'resolved', segmentLabel: 'Shipping', changes: [], windowText: 'last 24 h' },
      },
      notBefore: later(1),
    };

    it('queues one message per dedupe key', async () => {
      const first = await store.outbox.enqueue(message, t0);
      const again = await store.outbox.enqueue(message, later(5));
      expect(first.duplicate).toBe(false);
      expect(again).toEqual({ id: first.id, duplicate: true });
    });

    it('does not hand out a message before its time', async () => {
      await store.outbox.enqueue({ ...message, notBefore: later(10_000) }, t0);
      expect(await store.outbox.claimNext(t0, 30_000)).toBeNull();
      const claimed = await store.outbox.claimNext(later(10_000), 30_000);
      expect(claimed?.payload).toEqual({ ticketId: 1, update });
    });

    it('records sends, retries and dead letters', async () => {
      const { id } = await store.outbox.enqueue(message, t0);
      await store.outbox.claimNext(t0, 30_000);
      await store.outbox.markFailed(id, '503', later(1_000), t0);
      expect(await store.outbox.countByStatus()).toEqual({ pending: 1 });
      await store.outbox.claimNext(later(1_000), 30_000);
      await store.outbox.markFailed(id, '422 closed', null, later(1_000));
      expect(await store.outbox.countByStatus()).toEqual({ dead: 1 });

      const other = await store.outbox.enqueue({ ...message, dedupeKey: 'other' }, t0);
      await store.outbox.claimNext(t0, 30_000);
      await store.outbox.markSent(other.id, '12345', t0);
      expect(await store.outbox.countByStatus()).toEqual({ dead: 1, sent: 1 });
    });

    it('hands out only the asked kinds when told to, leaving the others untouched', async () => {
      await store.outbox.enqueue(message, t0);
      await store.outbox.enqueue(alertThread, t0);
      const claimed = await store.outbox.claimNext(later(1), 30_000, ['slack.alert']);
      expect(claimed?.kind).toBe('slack.alert');
      expect(await store.outbox.claimNext(later(1), 30_000, ['slack.alert'])).toBeNull();
      const other = await store.outbox.claimNext(later(1), 30_000);
      expect(other).toMatchObject({ kind: 'zendesk.ticket_update', attempts: 1 });
    });
  });

  describe('delivery inbox: inline handling', () => {
    it('does not hand a delivery to the worker before its notBefore', async () => {
      await store.deliveries.add({
        provider: 'twilio-sms',
        deliveryId: 'SM1',
        eventType: null,
        rawBody: '{}',
        receivedAt: t0,
        notBefore: later(300_000),
      });
      expect(await store.deliveries.claimNext(later(299_999), 30_000)).toBeNull();
      expect((await store.deliveries.claimNext(later(300_000), 30_000))?.deliveryId).toBe('SM1');
    });
  });
});
