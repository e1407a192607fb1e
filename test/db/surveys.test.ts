import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/ports/store.js';
import type { NewSurvey } from '../../src/ports/survey-store.js';
import { openTestStore } from '../support/store.js';

let store: Store;
const t0 = new Date('2026-03-02T10:00:00Z');
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

beforeEach(async () => {
  store = await openTestStore();
  for (const id of [1, 2]) {
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
});
afterEach(async () => {
  await store.close();
});

const survey = (ticketId: number, overrides: Partial<NewSurvey> = {}): NewSurvey => ({
  ticketId,
  customerId: 7,
  kind: 'CES',
  channel: 'sms',
  channelReason: null,
  status: 'scheduled',
  skipRule: null,
  skipReason: null,
  language: 'nl',
  address: '+31612345678',
  scheduledFor: at(0),
  sentAt: null,
  providerMessageId: null,
  slackChannel: null,
  deliveryStatus: null,
  deliveryError: null,
  score: null,
  comment: null,
  verbatim: null,
  answeredAt: null,
  groupId: 1,
  assigneeId: 2,
  effortIndex: 40,
  ...overrides,
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
  });

  it('plans again a survey that was cancelled or skipped, never one that was sent', async () => {
    const first = await store.surveys.upsertForTicket(survey(1), t0);
    await store.surveys.update(first.id, { status: 'cancelled' }, t0);
    const again = await store.surveys.upsertForTicket(survey(1, { scheduledFor: at(30) }), at(30));
    expect(again).toMatchObject({ id: first.id, status: 'scheduled', scheduledFor: at(30) });
    await store.surveys.update(first.id, { status: 'sent', sentAt: at(31) }, at(31));
    await expect(store.surveys.upsertForTicket(survey(1), at(40))).rejects.toThrow(/already has a survey/);
  });

  it('finds the newest survey sent to an address and the last send to a customer', async () => {
    const a = await store.surveys.upsertForTicket(survey(1), t0);
    const b = await store.surveys.upsertForTicket(survey(2), t0);
    expect(await store.surveys.latestSentToAddress('+31612345678')).toBeNull();
    expect(await store.surveys.lastSentToCustomer(7)).toBeNull();
    await store.surveys.update(a.id, { status: 'sent', sentAt: at(1) }, at(1));
    await store.surveys.update(b.id, { status: 'sent', sentAt: at(5) }, at(5));
    expect((await store.surveys.latestSentToAddress('+31612345678'))?.id).toBe(b.id);
    expect(await store.surveys.lastSentToCustomer(7)).toEqual(at(5));
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

describe('outbox cancel', () => {
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
