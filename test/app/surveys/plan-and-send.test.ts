import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../db/open-store.js';
import { ChannelSendError } from '../../../src/ports/errors.js';
import type { Store } from '../../../src/ports/store.js';
import { openTestStore } from '../../support/store.js';
import { manualClock, PHONE, seedSolvedTicket, surveyHarness, surveySettings } from '../../support/survey-harness.js';

let store: Store;
beforeEach(async () => {
  store = await openTestStore();
});
afterEach(async () => {
  await store.close();
});

// 14:00 in Amsterdam (UTC+1 in March): outside quiet hours.
const AFTERNOON = '2026-03-02T13:00:00Z';

describe('planning and sending a survey', () => {
  it('asks the CES question by SMS, in Dutch for a Dutch customer, right after the solve', async () => {
    const clock = manualClock(AFTERNOON);
    const h = surveyHarness(store, clock);
    await seedSolvedTicket(store, { at: clock.now() });
    await h.events.emit({ type: 'ticket.solved', ticketId: 501, status: 'solved', at: clock.now() });
    expect(await h.drainOutbox()).toBe(1);
    expect(h.sms.sent).toHaveLength(1);
    expect(h.sms.sent[0]).toMatchObject({
      to: PHONE,
      statusCallbackUrl: 'https://effort.example.com/webhooks/twilio/status',
    });
    expect(h.sms.sent[0]!.body).toMatch(/^Hoe makkelijk was het/);
    const survey = await store.surveys.getByTicket(501);
    expect(survey).toMatchObject({
      kind: 'CES',
      channel: 'sms',
      status: 'sent',
      language: 'nl',
      providerMessageId: expect.stringMatching(/^SM/),
      effortIndex: 12,
      groupId: 2,
    });
  });

  it('asks NPS after a purchase, in English for an English customer', async () => {
    const clock = manualClock(AFTERNOON);
    const h = surveyHarness(store, clock);
    await seedSolvedTicket(store, { at: clock.now(), tags: ['purchase'], locale: 'en-GB' });
    await h.events.emit({ type: 'ticket.solved', ticketId: 501, status: 'solved', at: clock.now() });
    await h.drainOutbox();
    expect(h.sms.sent[0]!.body).toMatch(/^How likely are you to recommend us/);
  });

  it('waits SURVEY_DELAY_SECONDS, and a reopen within the wait cancels the send', async () => {
    const clock = manualClock(AFTERNOON);
    const h = surveyHarness(store, clock, surveySettings({ delaySeconds: 600 }));
    await seedSolvedTicket(store, { at: clock.now() });
    await h.events.emit({ type: 'ticket.solved', ticketId: 501, status: 'solved', at: clock.now() });
    expect(await h.drainOutbox()).toBe(0);
    clock.advance(300_000);
    await store.tickets.upsertTicket({ ...(await store.tickets.getTicket(501))!, status: 'open' }, clock.now());
    await h.events.emit({ type: 'ticket.reopened', ticketId: 501, status: 'open', at: clock.now() });
    clock.advance(600_000);
    expect(await h.drainOutbox()).toBe(0);
    expect(h.sms.sent).toHaveLength(0);
    expect(await store.surveys.getByTicket(501)).toMatchObject({
      status: 'cancelled',
      skipReason: 'ticket reopened before the send',
    });
    expect(await store.outbox.countByStatus()).toEqual({ cancelled: 1 });
  });

  it('asks again after the reopened ticket is solved for good', async () => {
    const clock = manualClock(AFTERNOON);
    const h = surveyHarness(store, clock, surveySettings({ delaySeconds: 600 }));
    await seedSolvedTicket(store, { at: clock.now() });
    await h.events.emit({ type: 'ticket.solved', ticketId: 501, status: 'solved', at: clock.now() });
    await h.events.emit({ type: 'ticket.reopened', ticketId: 501, status: 'open', at: clock.now() });
    clock.advance(3_600_000);
    await h.events.emit({ type: 'ticket.solved', ticketId: 501, status: 'solved', at: clock.now() });
    clock.advance(600_000);
    await h.drainOutbox();
    expect(h.sms.sent).toHaveLength(1);
  });

  it.each([
    ['23:30 in Amsterdam', '2026-03-02T22:30:00Z', 'Europe/Amsterdam', '2026-03-03T07:00:00Z'],
    ['06:00 in New York', '2026-03-02T11:00:00Z', 'America/New_York', '2026-03-02T13:00:00Z'],
    ['22:00 in Tokyo, the customer zone unknown (TIMEZONE)', '2026-03-02T13:00:00Z', null, '2026-03-02T13:00:00Z'],
  ])('holds an SMS solved at %s until the quiet hours end', async (_name, solvedAt, zone, expected) => {
    const clock = manualClock(solvedAt);
    const h = surveyHarness(store, clock, surveySettings({ defaultTimeZone: 'UTC' }));
    await seedSolvedTicket(store, { at: clock.now(), timeZone: zone });
    await h.events.emit({ type: 'ticket.solved', ticketId: 501, status: 'solved', at: clock.now() });
    const survey = await store.surveys.getByTicket(501);
    expect(survey?.scheduledFor?.toISOString()).toBe(new Date(expected).toISOString());
  });

  it('records the rule that said no: opted out, cooldown, no channel, spam', async () => {
    const clock = manualClock(AFTERNOON);
    const h = surveyHarness(store, clock);
    await store.optOuts.set(PHONE, true, 'sms:STOP', clock.now());
    await seedSolvedTicket(store, { ticketId: 1, at: clock.now() });
    await h.events.emit({ type: 'ticket.solved', ticketId: 1, status: 'solved', at: clock.now() });
    expect(await store.surveys.getByTicket(1)).toMatchObject({ status: 'skipped', skipRule: 'not_opted_out' });

    await store.optOuts.set(PHONE, false, 'sms:START', clock.now());
    await seedSolvedTicket(store, { ticketId: 2, at: clock.now() });
    await h.events.emit({ type: 'ticket.solved', ticketId: 2, status: 'solved', at: clock.now() });
    await h.drainOutbox();
    await seedSolvedTicket(store, { ticketId: 3, at: clock.now() });
    await h.events.emit({ type: 'ticket.solved', ticketId: 3, status: 'solved', at: clock.now() });
    expect(await store.surveys.getByTicket(3)).toMatchObject({ status: 'skipped', skipRule: 'cooldown' });

    await seedSolvedTicket(store, { ticketId: 4, at: clock.now(), phone: null, email: null });
    await h.events.emit({ type: 'ticket.solved', ticketId: 4, status: 'solved', at: clock.now() });
    expect(await store.surveys.getByTicket(4)).toMatchObject({ status: 'skipped', skipRule: 'customer_reachable' });

    await seedSolvedTicket(store, { ticketId: 5, at: clock.now(), tags: ['spam'] });
    await h.events.emit({ type: 'ticket.solved', ticketId: 5, status: 'solved', at: clock.now() });
    expect(await store.surveys.getByTicket(5)).toMatchObject({
      status: 'skipped',
      skipRule: 'not_spam_merged_or_deleted',
    });
  });

  it('asks a Slack user by DM when the case did not run over the phone', async () => {
    const clock = manualClock(AFTERNOON);
    const h = surveyHarness(store, clock);
    h.slack.users.set('ana@example.com', 'U0ANA');
    await seedSolvedTicket(store, { at: clock.now(), channels: ['web'] });
    await h.events.emit({ type: 'ticket.solved', ticketId: 501, status: 'solved', at: clock.now() });
    await h.drainOutbox();
    expect(h.slack.posted).toHaveLength(1);
    expect(h.slack.posted[0]).toMatchObject({
      userId: 'U0ANA',
      view: { kind: 'CES', scale: { min: 1, max: 7 }, chosenScore: null },
    });
    expect(await store.surveys.getByTicket(501)).toMatchObject({
      channel: 'slack',
      status: 'sent',
      slackChannel: 'D0123',
    });
  });

  it('marks the number opted out on Twilio 21610 and never retries', async () => {
    const clock = manualClock(AFTERNOON);
    const h = surveyHarness(store, clock);
    h.sms.failWith.push(
      new ChannelSendError('unsubscribed recipient', { permanent: true, optedOut: true, code: 21610 }),
    );
    await seedSolvedTicket(store, { at: clock.now() });
    await h.events.emit({ type: 'ticket.solved', ticketId: 501, status: 'solved', at: clock.now() });
    await h.drainOutbox();
    clock.advance(86_400_000);
    expect(await h.drainOutbox()).toBe(0);
    expect(await store.optOuts.isOptedOut(PHONE)).toBe(true);
    expect(await store.surveys.getByTicket(501)).toMatchObject({ status: 'failed' });
    expect(await store.outbox.countByStatus()).toEqual({ dead: 1 });
  });

  it('delays the send on 429 and 5xx, honouring Retry-After, and sends once Twilio is back', async () => {
    const clock = manualClock(AFTERNOON);
    const h = surveyHarness(store, clock);
    h.sms.failWith.push(
      new ChannelSendError('429', { permanent: false, retryAfterMs: 120_000 }),
      new ChannelSendError('503', { permanent: false }),
    );
    await seedSolvedTicket(store, { at: clock.now() });
    await h.events.emit({ type: 'ticket.solved', ticketId: 501, status: 'solved', at: clock.now() });
    await h.drainOutbox();
    clock.advance(119_000);
    expect(await h.drainOutbox()).toBe(0);
    clock.advance(1_000);
    await h.drainOutbox();
    clock.advance(3_600_000);
    await h.drainOutbox();
    expect(h.sms.sent).toHaveLength(1);
    expect(await store.surveys.getByTicket(501)).toMatchObject({ status: 'sent' });
  });
});

describe('a restart with pending sends', () => {
  it('sends what was queued before the process stopped', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'effortless-restart-')), 'effortless.db');
    const clock = manualClock(AFTERNOON);
    const first = await openStore(`file:${file}`, { migrate: true });
    const before = surveyHarness(first, clock, surveySettings({ delaySeconds: 60 }));
    await seedSolvedTicket(first, { at: clock.now() });
    await before.events.emit({ type: 'ticket.solved', ticketId: 501, status: 'solved', at: clock.now() });
    await first.close();

    clock.advance(120_000);
    const second = await openStore(`file:${file}`, { migrate: true });
    const after = surveyHarness(second, clock);
    expect(await after.drainOutbox()).toBe(1);
    expect(after.sms.sent).toHaveLength(1);
    await second.close();
  });
});
