import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSurveyReminderSender } from '../../../src/app/surveys/send-reminder.js';
import { createSurveyInbound } from '../../../src/app/surveys/survey-inbound.js';
import { type OutboxMessage, SURVEY_REMINDER } from '../../../src/ports/outbox.js';
import type { Store } from '../../../src/ports/store.js';
import { openTestStore } from '../../support/store.js';
import { manualClock, PHONE, seedSolvedTicket, surveyHarness, surveySettings } from '../../support/survey-harness.js';

const HOUR = 3_600_000;
let store: Store;
beforeEach(async () => {
  store = await openTestStore();
});
afterEach(async () => {
  await store.close();
});

/** Sends a survey at `start` (Amsterdam customer, SMS) with reminders after `afterHours`. */
async function sentSurvey(start: string, afterHours = 24) {
  const clock = manualClock(start);
  const h = surveyHarness(store, clock, surveySettings({ reminder: { afterHours } }));
  const inbound = createSurveyInbound(h.deps);
  await seedSolvedTicket(store, { at: clock.now(), locale: 'en' });
  await h.events.emit({ type: 'ticket.solved', ticketId: 501, status: 'solved', at: clock.now() });
  await h.drainOutbox();
  expect(h.sms.sent).toHaveLength(1);
  let sid = 0;
  const reply = (body: string, optOutType: string | null = null) =>
    inbound.handleSmsReply({ messageSid: `SM${++sid}`, from: PHONE, body, optOutType, receivedAt: clock.now() });
  return { clock, h, reply };
}

describe('the one survey reminder', () => {
  it('asks the same question again on the same channel after N hours, once', async () => {
    const { clock, h } = await sentSurvey('2026-03-02T13:00:00Z');
    clock.advance(23 * HOUR);
    await h.drainOutbox();
    expect(h.sms.sent).toHaveLength(1);
    clock.advance(HOUR);
    await h.drainOutbox();
    expect(h.sms.sent).toHaveLength(2);
    expect(h.sms.sent[1]).toEqual(h.sms.sent[0]);
    expect((await store.surveys.getByTicket(501))?.reminderSentAt).toEqual(clock.now());
    clock.advance(72 * HOUR);
    await h.drainOutbox();
    expect(h.sms.sent).toHaveLength(2);
    expect(await store.outbox.countByStatus()).toEqual({ sent: 2 });
  });

  it('waits out quiet hours in the customer’s time zone', async () => {
    // 20:30 in Amsterdam; the reminder falls due at 22:30, inside 21:00-08:00.
    const { clock, h } = await sentSurvey('2026-03-02T19:30:00Z', 2);
    clock.set('2026-03-02T21:30:00Z');
    await h.drainOutbox();
    clock.set('2026-03-03T06:59:00Z');
    await h.drainOutbox();
    expect(h.sms.sent).toHaveLength(1);
    clock.set('2026-03-03T07:00:00Z'); // 08:00 in Amsterdam
    await h.drainOutbox();
    expect(h.sms.sent).toHaveLength(2);
  });

  it.each([
    { what: 'an answer', body: '6', optOut: null },
    { what: 'a reply without a score', body: 'hmm', optOut: null },
    { what: 'STOP', body: 'STOP', optOut: 'STOP' },
  ])('is never sent after $what', async ({ body, optOut }) => {
    const { clock, h, reply } = await sentSurvey('2026-03-02T13:00:00Z');
    clock.advance(HOUR);
    await reply(body, optOut);
    const before = h.sms.sent.length;
    clock.advance(48 * HOUR);
    await h.drainOutbox();
    expect(h.sms.sent).toHaveLength(before);
    expect((await store.surveys.getByTicket(501))?.reminderSentAt).toBeNull();
  });

  it('is never sent once the ticket was reopened, even when it is solved again', async () => {
    const { clock, h } = await sentSurvey('2026-03-02T13:00:00Z');
    clock.advance(2 * HOUR);
    const effort = (await store.tickets.getEffort(501))!;
    const reopenedAt = clock.now();
    await store.tickets.saveEffort(
      501,
      {
        ...effort.timeline,
        statusChanges: [
          { auditId: 1, at: reopenedAt, from: 'solved', to: 'open' },
          { auditId: 2, at: new Date(reopenedAt.getTime() + HOUR), from: 'open', to: 'solved' },
        ],
      },
      effort.drivers,
      effort.score,
      clock.now(),
    );
    clock.advance(48 * HOUR);
    await h.drainOutbox();
    expect(h.sms.sent).toHaveLength(1);
  });

  it('reminds a Slack requester with the same survey, in the agreement wording it was planned with', async () => {
    const clock = manualClock('2026-03-02T13:00:00Z');
    const settings = surveySettings({ reminder: { afterHours: 24 }, cesWording: 'agreement' });
    const h = surveyHarness(store, clock, settings);
    h.slack.users.set('ana@example.com', 'U0ANA');
    await seedSolvedTicket(store, { at: clock.now(), channels: ['web'], locale: 'en' });
    await h.events.emit({ type: 'ticket.solved', ticketId: 501, status: 'solved', at: clock.now() });
    await h.drainOutbox();
    clock.advance(24 * HOUR);
    await h.drainOutbox();
    expect(h.slack.posted).toHaveLength(2);
    expect(h.slack.posted[1]).toEqual(h.slack.posted[0]);
    expect(h.slack.posted[1]).toMatchObject({
      userId: 'U0ANA',
      view: { question: 'Acme Support made it easy for me to handle my issue.', minLabel: 'Strongly disagree' },
    });
  });

  it('after a try whose outcome is unknown, finds the reminder Twilio took and does not send it again', async () => {
    const { clock, h } = await sentSurvey('2026-03-02T13:00:00Z');
    clock.advance(24 * HOUR);
    // The earlier try reached Twilio; its answer was lost.
    h.sms.taken.push({ sid: 'SM-reminder', to: PHONE, body: h.sms.sent[0]!.body, at: clock.now() });
    const message = await store.outbox.claimNext(clock.now(), 30_000, [SURVEY_REMINDER]);
    const send = createSurveyReminderSender(h.deps);
    await send(message as OutboxMessage<typeof SURVEY_REMINDER>, h.deps.logger, { previousOutcomeUnknown: true });
    expect(h.sms.lookups).toEqual([{ to: PHONE, body: h.sms.sent[0]!.body, since: clock.now() }]);
    expect(h.sms.sent).toHaveLength(1);
    expect((await store.surveys.getByTicket(501))?.reminderSentAt).toEqual(clock.now());
  });

  it('is off by default: no reminder is queued', async () => {
    const clock = manualClock('2026-03-02T13:00:00Z');
    const h = surveyHarness(store, clock);
    await seedSolvedTicket(store, { at: clock.now() });
    await h.events.emit({ type: 'ticket.solved', ticketId: 501, status: 'solved', at: clock.now() });
    await h.drainOutbox();
    clock.advance(96 * HOUR);
    await h.drainOutbox();
    expect(h.sms.sent).toHaveLength(1);
    expect(await store.outbox.countByStatus()).toEqual({ sent: 1 });
  });
});
