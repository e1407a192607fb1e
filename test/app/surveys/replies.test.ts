import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSurveyInbound } from '../../../src/app/surveys/survey-inbound.js';
import type { SurveyInbound } from '../../../src/ports/survey-channels.js';
import type { Store } from '../../../src/ports/store.js';
import { openTestStore } from '../../support/store.js';
import { manualClock, PHONE, seedSolvedTicket, surveyHarness } from '../../support/survey-harness.js';

let store: Store;
let clock: ReturnType<typeof manualClock>;
let h: ReturnType<typeof surveyHarness>;
let inbound: SurveyInbound;
let sid = 0;

beforeEach(async () => {
  store = await openTestStore();
  clock = manualClock('2026-03-02T13:00:00Z');
  h = surveyHarness(store, clock);
  inbound = createSurveyInbound(h.deps);
});
afterEach(async () => {
  await store.close();
});

async function sendSurvey(options: { channels?: string[]; locale?: string } = {}) {
  await seedSolvedTicket(store, { at: clock.now(), ...options });
  await h.events.emit({ type: 'ticket.solved', ticketId: 501, status: 'solved', at: clock.now() });
  await h.drainOutbox();
  return (await store.surveys.getByTicket(501))!;
}

const reply = (body: string, optOutType: string | null = null, from = PHONE) =>
  inbound.handleSmsReply({ messageSid: `SM${++sid}`, from, body, optOutType, receivedAt: clock.now() });

describe('SMS replies', () => {
  it('records a good score and thanks, without a follow-up', async () => {
    await sendSurvey({ locale: 'en' });
    expect(await reply('6 - quick')).toEqual({ reply: 'Thank you for your answer!' });
    expect(await store.surveys.getByTicket(501)).toMatchObject({ status: 'answered', score: 6, comment: 'quick' });
    expect(h.answered).toHaveLength(1);
  });

  it('shows the scale once when a reply has no score, then keeps the next reply as a comment', async () => {
    await sendSurvey({ locale: 'en' });
    expect((await reply('👍')).reply).toMatch(/from 1 \(very difficult\) to 7 \(very easy\)/);
    expect(await store.surveys.getByTicket(501)).toMatchObject({ status: 'reprompted' });
    expect((await reply('it was fine really')).reply).toBe('Thank you for your answer!');
    expect(await store.surveys.getByTicket(501)).toMatchObject({
      status: 'answered',
      score: null,
      comment: 'it was fine really',
    });
  });

  it('understands a score written as a word after the re-prompt', async () => {
    await sendSurvey();
    await reply('hmm');
    await reply('zes');
    expect(await store.surveys.getByTicket(501)).toMatchObject({ status: 'answered', score: 6 });
  });

  it('records STOP and START (as text or as Twilio OptOutType), and answers HELP with who we are', async () => {
    await sendSurvey({ locale: 'en' });
    expect(await reply('stop')).toEqual({ reply: null });
    expect(await store.optOuts.isOptedOut(PHONE)).toBe(true);
    expect(await reply('Start', 'START')).toEqual({ reply: null });
    expect(await store.optOuts.isOptedOut(PHONE)).toBe(false);
    expect(await reply('please unsubscribe me', 'STOP')).toEqual({ reply: null });
    expect(await store.optOuts.isOptedOut(PHONE)).toBe(true);
    expect((await reply('INFO')).reply).toMatch(/^Acme Support customer survey/);
  });

  it('answers politely to an unknown number and to a survey that is too old', async () => {
    expect((await reply('7', null, '+31699999999')).reply).toMatch(/couldn't link it/);
    await sendSurvey({ locale: 'en' });
    clock.advance(73 * 3_600_000);
    expect((await reply('7')).reply).toMatch(/survey has closed/);
    expect(await store.surveys.getByTicket(501)).toMatchObject({ status: 'sent', score: null });
  });

  it('updates the delivery state from status callbacks; 21610 opts the number out', async () => {
    const survey = await sendSurvey();
    await inbound.handleSmsStatus({ messageSid: survey.providerMessageId!, status: 'delivered', errorCode: null });
    expect(await store.surveys.getByTicket(501)).toMatchObject({ deliveryStatus: 'delivered', status: 'sent' });
    await inbound.handleSmsStatus({ messageSid: survey.providerMessageId!, status: 'failed', errorCode: '21610' });
    expect(await store.surveys.getByTicket(501)).toMatchObject({
      deliveryStatus: 'failed',
      status: 'failed',
      deliveryError: 'twilio 21610',
    });
    expect(await store.optOuts.isOptedOut(PHONE)).toBe(true);
  });
});

describe('Slack answers', () => {
  beforeEach(() => {
    h.slack.users.set('ana@example.com', 'U0ANA');
  });

  it('records a low score, asks what made it hard, then stores the verbatim', async () => {
    const survey = await sendSurvey({ channels: ['web'], locale: 'en' });
    const view = await inbound.handleSlackScore({ surveyId: survey.id, score: 2, slackUserId: 'U0ANA' });
    expect(view).toMatchObject({
      chosenScore: 2,
      followUpQuestion: 'Sorry to hear that. What made it hard?',
      verbatimThanks: null,
    });
    const done = await inbound.handleSlackVerbatim({
      surveyId: survey.id,
      text: ' Three transfers ',
      slackUserId: 'U0ANA',
    });
    expect(done).toMatchObject({ chosenScore: 2, followUpQuestion: null, verbatimThanks: expect.any(String) });
    expect(await store.surveys.getByTicket(501)).toMatchObject({
      status: 'answered',
      score: 2,
      verbatim: 'Three transfers',
    });
  });

  it('ignores a second press, a score off the scale and an unknown survey', async () => {
    const survey = await sendSurvey({ channels: ['web'] });
    expect(await inbound.handleSlackScore({ surveyId: survey.id, score: 9, slackUserId: 'U0ANA' })).toBeNull();
    await inbound.handleSlackScore({ surveyId: survey.id, score: 6, slackUserId: 'U0ANA' });
    expect((await inbound.handleSlackScore({ surveyId: survey.id, score: 1, slackUserId: 'U0ANA' }))?.chosenScore).toBe(
      6,
    );
    expect(h.answered).toHaveLength(1);
    expect(await inbound.handleSlackScore({ surveyId: 999, score: 6, slackUserId: 'U0ANA' })).toBeNull();
  });
});
