import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/ports/store.js';
import type { NewSurvey } from '../../src/ports/survey-store.js';
import { newSurvey } from '../support/new-survey.js';
import { openTestStore, STORE_BACKENDS } from '../support/store.js';

const t0 = new Date('2026-03-02T10:00:00Z');
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

/** A store with solved tickets 1, 2 and 3 (surveys reference their ticket). */
async function storeWithTickets(open: () => Promise<Store>): Promise<Store> {
  const store = await open();
  for (const id of [1, 2, 3]) {
    await store.tickets.upsertTicket(
      {
        id,
        requesterId: 7,
        status: 'solved',
        groupId: 1,
        assigneeId: 2,
        channel: 'sms',
        tags: [],
        formId: null,
        type: null,
        subject: null,
        createdAt: t0,
        updatedAt: t0,
      },
      t0,
    );
  }
  return store;
}

const survey = (ticketId: number, overrides: Partial<NewSurvey> = {}): NewSurvey =>
  newSurvey(ticketId, { scheduledFor: at(0), ...overrides });

describe.each(STORE_BACKENDS)('$name', ({ open }) => {
  let store: Store;
  beforeEach(async () => {
    store = await storeWithTickets(open);
  });
  afterEach(async () => {
    await store.close();
  });

  describe('survey store', () => {
    it('creates one survey per ticket and reads it back by ticket, id and provider id', async () => {
      const created = await store.surveys.upsertForTicket(survey(1), t0);
      expect(created).toMatchObject({ ticketId: 1, status: 'scheduled', scheduledFor: at(0), createdAt: t0 });
      const sent = await store.surveys.update(
        created.id,
        { status: 'sent', sentAt: at(1), providerMessageId: 'SM1' },
        at(1),
      );
      expect(sent.sentAt).toEqual(at(1));
      expect(await store.surveys.getByTicket(1)).toEqual(sent);
      expect(await store.surveys.findByProviderMessageId('SM1')).toEqual(sent);
      expect(await store.surveys.getById(created.id)).toEqual(sent);
      expect(await store.surveys.getById(created.id + 100)).toBeNull();
      expect(await store.surveys.findByProviderMessageId('SM2')).toBeNull();
    });

    it('reads the defaults of a new survey and the fields it was given, sample rate and round included', async () => {
      const created = await store.surveys.upsertForTicket(survey(1), t0);
      expect(created).toMatchObject({
        sampleRate: 1,
        round: 1,
        wording: null,
        journeyRule: null,
        reminderSentAt: null,
      });
      const second = await store.surveys.upsertForTicket(
        survey(1, { round: 2, sampleRate: 0.25, journeyRule: 3, wording: 'ease', reminderSentAt: at(9) }),
        at(10),
      );
      expect(second).toMatchObject({
        round: 2,
        sampleRate: 0.25,
        journeyRule: 3,
        wording: 'ease',
        reminderSentAt: at(9),
      });
      expect((await store.surveys.getByTicket(1))?.id).toBe(second.id);
    });

    it('plans again a survey that was cancelled or skipped, never one that was sent', async () => {
      const first = await store.surveys.upsertForTicket(survey(1), t0);
      await store.surveys.update(first.id, { status: 'cancelled' }, t0);
      const again = await store.surveys.upsertForTicket(survey(1, { scheduledFor: at(30) }), at(30));
      expect(again).toMatchObject({ id: first.id, status: 'scheduled', scheduledFor: at(30) });
      await store.surveys.update(first.id, { status: 'sent', sentAt: at(31) }, at(31));
      await expect(store.surveys.upsertForTicket(survey(1), at(40))).rejects.toThrow(/already has a survey/);
      await expect(store.surveys.update(first.id + 100, { status: 'sent' }, at(40))).rejects.toThrow(/not found/);
    });

    it('finds the newest survey sent to an address and the last send to a customer', async () => {
      const a = await store.surveys.upsertForTicket(survey(1), t0);
      const b = await store.surveys.upsertForTicket(survey(2), t0);
      await store.surveys.upsertForTicket(survey(3), t0); // never sent: no send time to sort by
      expect(await store.surveys.latestSentToAddress('+31612345678')).toBeNull();
      expect(await store.surveys.lastSentToCustomer(7)).toBeNull();
      await store.surveys.update(a.id, { status: 'sent', sentAt: at(1) }, at(1));
      await store.surveys.update(b.id, { status: 'sent', sentAt: at(5) }, at(5));
      expect((await store.surveys.latestSentToAddress('+31612345678'))?.id).toBe(b.id);
      expect(await store.surveys.lastSentToCustomer(7)).toEqual(at(5));
    });

    it('counts outcomes by channel, rule, status and skip rule, and sends and answers per channel', async () => {
      const sms = await store.surveys.upsertForTicket(survey(1), t0);
      const slack = await store.surveys.upsertForTicket(survey(2, { channel: 'slack', journeyRule: 2 }), t0);
      await store.surveys.upsertForTicket(
        survey(3, { channel: null, status: 'skipped', skipRule: 'cooldown', skipReason: 'asked lately' }),
        t0,
      );
      await store.surveys.update(
        sms.id,
        { status: 'answered', sentAt: at(1), score: 2, verbatim: 'slow', answeredAt: at(3) },
        at(3),
      );
      await store.surveys.update(slack.id, { status: 'sent', sentAt: at(2) }, at(2));
      const outcomes = await store.surveys.countOutcomes();
      expect(outcomes).toHaveLength(3);
      expect(outcomes).toEqual(
        expect.arrayContaining([
          {
            channel: 'sms',
            journeyRule: null,
            status: 'answered',
            skipRule: null,
            sent: true,
            answered: true,
            count: 1,
          },
          { channel: 'slack', journeyRule: 2, status: 'sent', skipRule: null, sent: true, answered: false, count: 1 },
          {
            channel: null,
            journeyRule: null,
            status: 'skipped',
            skipRule: 'cooldown',
            sent: false,
            answered: false,
            count: 1,
          },
        ]),
      );
      expect(await store.surveys.countByChannel({ since: at(0), until: at(60) })).toEqual([
        { channel: 'slack', sent: 1, answered: 0, withVerbatim: 0 },
        { channel: 'sms', sent: 1, answered: 1, withVerbatim: 1 },
      ]);
      expect(await store.surveys.countByChannel({ since: at(2), until: at(60) })).toEqual([
        { channel: 'slack', sent: 1, answered: 0, withVerbatim: 0 },
      ]);
    });
  });

  describe('opt-out store', () => {
    it('records an opt-out and lifts it', async () => {
      expect(await store.optOuts.isOptedOut('+31612345678')).toBe(false);
      await store.optOuts.set('+31612345678', true, 'keyword:STOP', t0);
      expect(await store.optOuts.isOptedOut('+31612345678')).toBe(true);
      await store.optOuts.set('+31612345678', false, 'keyword:START', at(1));
      expect(await store.optOuts.isOptedOut('+31612345678')).toBe(false);
    });
  });
});

// SQLite only until the PostgreSQL outbox (db/pg/outbox.ts, issue 16) is merged; then it can
// join the contract above, or move to test/db/queues.test.ts with the rest of the outbox.
describe('outbox cancel (SQLite)', () => {
  let store: Store;
  beforeEach(async () => {
    store = await storeWithTickets(openTestStore);
  });
  afterEach(async () => {
    await store.close();
  });

  it('cancels a waiting message only', async () => {
    const now = t0;
    await store.outbox.enqueue(
      { kind: 'survey.send', dedupeKey: 'a', ticketId: 1, payload: { surveyId: 1 }, notBefore: at(10) },
      now,
    );
    await store.outbox.enqueue(
      { kind: 'survey.send', dedupeKey: 'b', ticketId: 2, payload: { surveyId: 2 }, notBefore: now },
      now,
    );
    const claimed = await store.outbox.claimNext(now, 60_000);
    await store.outbox.markSent(claimed!.id, 'SM1', now);
    expect(await store.outbox.cancel('a', now)).toBe(true);
    expect(await store.outbox.cancel('b', now)).toBe(false);
    expect(await store.outbox.countByStatus()).toEqual({ cancelled: 1, sent: 1 });
  });
});
