import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSurveyInbound } from '../../../src/app/surveys/survey-inbound.js';
import { surveyRoundFor } from '../../../src/domain/survey/survey-round.js';
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

describe('surveyRoundFor', () => {
  const at = (iso: string) => new Date(iso);
  const solvedAt = at('2026-03-05T10:00:00Z');
  it.each([
    { latest: null, again: false, expected: 1 },
    { latest: { status: 'skipped', round: 1, answeredAt: null }, again: false, expected: 1 },
    { latest: { status: 'cancelled', round: 2, answeredAt: null }, again: true, expected: 2 },
    { latest: { status: 'sent', round: 1, answeredAt: null }, again: true, expected: null },
    { latest: { status: 'answered', round: 1, answeredAt: at('2026-03-04T10:00:00Z') }, again: false, expected: null },
    { latest: { status: 'answered', round: 1, answeredAt: at('2026-03-04T10:00:00Z') }, again: true, expected: 2 },
    {
      latest: { status: 'awaiting_verbatim', round: 2, answeredAt: at('2026-03-04T10:00:00Z') },
      again: true,
      expected: 3,
    },
    // The same solve replayed after the answer it got: answered after, so no new round.
    { latest: { status: 'answered', round: 1, answeredAt: at('2026-03-06T10:00:00Z') }, again: true, expected: null },
  ])('$latest.status (round $latest.round), again $again -> $expected', ({ latest, again, expected }) => {
    expect(surveyRoundFor(latest, again, solvedAt)).toBe(expected);
  });
});

describe('asking again on a new resolution', () => {
  async function answeredThenReopened(options: { again: boolean; cooldownDays: number }) {
    const clock = manualClock('2026-03-02T13:00:00Z');
    const settings = surveySettings({ againOnNewResolution: options.again, cooldownDays: options.cooldownDays });
    const h = surveyHarness(store, clock, settings);
    const inbound = createSurveyInbound(h.deps);
    await seedSolvedTicket(store, { at: clock.now(), locale: 'en' });
    await h.events.emit({ type: 'ticket.solved', ticketId: 501, status: 'solved', at: clock.now() });
    await h.drainOutbox();
    clock.advance(HOUR);
    await inbound.handleSmsReply({
      messageSid: 'SM1',
      from: PHONE,
      body: '6',
      optOutType: null,
      receivedAt: clock.now(),
    });
    clock.advance(24 * HOUR);
    await h.events.emit({ type: 'ticket.reopened', ticketId: 501, status: 'open', at: clock.now() });
    clock.advance(2 * HOUR);
    await h.events.emit({ type: 'ticket.solved', ticketId: 501, status: 'solved', at: clock.now() });
    await h.drainOutbox();
    return { h, clock };
  }

  it('sends a second survey, its own answer, once the ticket is solved again', async () => {
    const { h } = await answeredThenReopened({ again: true, cooldownDays: 0 });
    expect(h.sms.sent).toHaveLength(2);
    const latest = await store.surveys.getByTicket(501);
    expect(latest).toMatchObject({ round: 2, status: 'sent', score: null });
    expect(await store.surveys.getById(latest!.id - 1)).toMatchObject({ round: 1, status: 'answered', score: 6 });
  });

  it('still applies the cooldown to the second survey', async () => {
    const { h } = await answeredThenReopened({ again: true, cooldownDays: 7 });
    expect(h.sms.sent).toHaveLength(1);
    expect(await store.surveys.getByTicket(501)).toMatchObject({ round: 2, status: 'skipped', skipRule: 'cooldown' });
  });

  it('asks once per ticket when it is off (the default)', async () => {
    const { h } = await answeredThenReopened({ again: false, cooldownDays: 0 });
    expect(h.sms.sent).toHaveLength(1);
    expect(await store.surveys.getByTicket(501)).toMatchObject({ round: 1, status: 'answered' });
  });
});
