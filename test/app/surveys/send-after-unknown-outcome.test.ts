import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackSurveySender, createSlackWebClient } from '../../../integrations/slack/client.js';
import { createTwilioSmsSender } from '../../../integrations/twilio/client.js';
import { createSurveySender } from '../../../src/app/surveys/send-survey.js';
import { SURVEY_SEND, type OutboxMessage } from '../../../src/ports/outbox.js';
import type { Store } from '../../../src/ports/store.js';
import { captureLogs } from '../../support/capture-logs.js';
import { openTestStore } from '../../support/store.js';
import { manualClock, seedSolvedTicket, surveyHarness, surveySettings } from '../../support/survey-harness.js';
import { loadFixture as slackFixture } from '../../integrations/slack/load-fixture.js';
import { slackReadProblems } from '../../integrations/slack/history-spec.js';
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  CUSTOMER,
  loadFixture as twilioFixture,
  MESSAGES_PATH,
  specProblems,
} from '../../integrations/twilio/support.js';

/**
 * The survey sender after a try whose outcome is unknown (the process died mid-send, or the
 * answer timed out), over the real Twilio and Slack adapters: it asks the provider first and
 * records the earlier send instead of sending again. Nock serves no POST for the send, so a
 * second send would fail the test; the POST interceptors below only count.
 */

const TWILIO = 'http://twilio.test';
const SLACK = 'http://slack.test';
// 14:00 in Amsterdam; the send is planned a minute after the solve, at 13:01 UTC, when the
// fixtures' message was created (message-list-from-number.json).
const SOLVED_AT = '2026-03-02T13:00:00Z';

let store: Store;
beforeEach(async () => {
  store = await openTestStore();
});
afterEach(async () => {
  await store.close();
});

/** Plans the survey with the harness's fakes, then hands the queued send over to the real adapters. */
async function planned(options: { channels: string[]; fakes?: boolean }) {
  const clock = manualClock(SOLVED_AT);
  const h = surveyHarness(store, clock, surveySettings({ delaySeconds: 60 }));
  h.slack.users.set('ana@example.com', 'U0ANA');
  await seedSolvedTicket(store, { at: clock.now(), channels: options.channels, phone: CUSTOMER, locale: 'en-US' });
  await h.events.emit({ type: 'ticket.solved', ticketId: 501, status: 'solved', at: clock.now() });
  clock.advance(60_000);
  const logs = captureLogs();
  if (options.fakes) return { h, clock, logs, ...(await claimed(h)) };
  h.deps.channels.sms = createTwilioSmsSender({
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    from: '+15017122661',
    apiUrl: TWILIO,
    logger: logs.logger,
  });
  const slackClient = createSlackWebClient({ botToken: 'xoxb-1-2-test', apiUrl: `${SLACK}/api/`, logger: logs.logger });
  h.deps.channels.slack = createSlackSurveySender(slackClient);
  return { h, clock, logs, ...(await claimed(h)) };
}

async function claimed(h: ReturnType<typeof surveyHarness>) {
  const message = (await store.outbox.claimNext(h.deps.clock.now(), 300_000, [SURVEY_SEND])) as OutboxMessage<
    typeof SURVEY_SEND
  >;
  expect(message.kind).toBe(SURVEY_SEND);
  return { send: createSurveySender(h.deps), message };
}

/** Counts POSTs to a path; the sends that must not happen. */
function countPosts(base: string, path: string, reply: [number, Record<string, unknown>]) {
  const bodies: string[] = [];
  nock(base)
    .post(path)
    .reply((_uri, body) => {
      bodies.push(String(body));
      return [reply[0], reply[1], { 'Content-Type': 'application/json' }];
    });
  return bodies;
}

function twilioList(messages: 'fixture' | 'none') {
  const body = twilioFixture('rest/message-list-from-number.json');
  if (messages === 'none') body.messages = [];
  nock(TWILIO).get(MESSAGES_PATH).query(true).reply(200, body, { 'Content-Type': 'application/json' });
}

describe('SMS survey after a try whose outcome is unknown', () => {
  it('finds the SMS Twilio already took, records it as sent and does not send again', async () => {
    const { send, message, logs } = await planned({ channels: ['sms'] });
    twilioList('fixture');
    const posts = countPosts(TWILIO, MESSAGES_PATH, [201, twilioFixture('rest/message-create.json')]);
    await expect(send(message, logs.logger, { previousOutcomeUnknown: true })).resolves.toEqual({
      providerId: 'SMbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
    });
    expect(posts).toEqual([]);
    expect(await store.surveys.getByTicket(501)).toMatchObject({
      status: 'sent',
      providerMessageId: 'SMbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
      sentAt: new Date('2026-03-02T13:01:00Z'),
    });
    expect(logs.text()).not.toContain(CUSTOMER.slice(2));
  });

  it('sends when Twilio has no such message', async () => {
    const { send, message, logs } = await planned({ channels: ['sms'] });
    twilioList('none');
    const created = twilioFixture('rest/message-create.json');
    expect(specProblems(201, created)).toEqual([]);
    const posts = countPosts(TWILIO, MESSAGES_PATH, [201, created]);
    await expect(send(message, logs.logger, { previousOutcomeUnknown: true })).resolves.toEqual({
      providerId: created.sid,
    });
    expect(posts).toHaveLength(1);
    expect(await store.surveys.getByTicket(501)).toMatchObject({ status: 'sent', providerMessageId: created.sid });
  });
});

describe('what the earlier send changes', () => {
  it('an SMS that went out is recorded even when the retry falls inside quiet hours', async () => {
    const { h, clock, send, message, logs } = await planned({ channels: ['sms'], fakes: true });
    const body =
      'How easy was it to get your issue handled? Reply with a number from 1 (very difficult) to 7 (very easy). Reply STOP to opt out.';
    h.sms.taken.push({ sid: 'SMbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', to: CUSTOMER, body, at: clock.now() });
    clock.set('2026-03-02T21:30:00Z'); // 22:30 in Amsterdam
    await expect(send(message, logs.logger, { previousOutcomeUnknown: true })).resolves.toEqual({
      providerId: 'SMbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
    });
    expect(h.sms.lookups).toEqual([{ to: CUSTOMER, body, since: new Date('2026-03-02T13:01:00Z') }]);
    expect(h.sms.sent).toEqual([]);
    expect(await store.surveys.getByTicket(501)).toMatchObject({
      status: 'sent',
      sentAt: new Date('2026-03-02T13:01:00Z'),
    });
  });

  it('a first try asks nobody', async () => {
    const { h, send, message, logs } = await planned({ channels: ['sms'], fakes: true });
    await send(message, logs.logger, { previousOutcomeUnknown: false });
    expect(h.sms.lookups).toEqual([]);
    expect(h.sms.sent).toHaveLength(1);
  });
});

describe('Slack survey after a try whose outcome is unknown', () => {
  function serveLookupAndOpen() {
    nock(SLACK).post('/api/users.lookupByEmail').reply(200, slackFixture('web-api/users-lookup-by-email.json'));
    nock(SLACK).post('/api/conversations.open').reply(200, slackFixture('web-api/conversations-open.json'));
  }

  it('finds the DM carrying this outbox message and does not post again', async () => {
    const { send, message, logs } = await planned({ channels: ['web'] });
    serveLookupAndOpen();
    const history = slackFixture<{ messages: Array<Record<string, unknown>> }>(
      'web-api/conversations-history-survey-dm.json',
    );
    const [post] = history.messages;
    if (!post) throw new Error('the history fixture lost its survey post');
    post.metadata = {
      event_type: 'effortless_outbox',
      event_payload: { outbox_id: message.id, dedupe_key: message.dedupeKey },
    };
    expect(slackReadProblems('conversations.history', history)).toEqual([]);
    nock(SLACK).post('/api/conversations.history').reply(200, history);
    const posts = countPosts(SLACK, '/api/chat.postMessage', [200, slackFixture('web-api/chat-post-message.json')]);
    await expect(send(message, logs.logger, { previousOutcomeUnknown: true })).resolves.toEqual({
      providerId: '1503435956.000247',
    });
    expect(posts).toEqual([]);
    expect(await store.surveys.getByTicket(501)).toMatchObject({
      status: 'sent',
      providerMessageId: '1503435956.000247',
      slackChannel: 'D069C7QFK',
      address: 'W012A3CDE',
    });
  });

  it('posts, with the outbox message as metadata, when the DM has no such post', async () => {
    const { send, message, logs } = await planned({ channels: ['web'] });
    serveLookupAndOpen();
    nock(SLACK)
      .post('/api/conversations.history')
      .reply(200, slackFixture('web-api/conversations-history-survey-dm.json'));
    serveLookupAndOpen(); // the send looks the user up and opens the DM again
    const posts = countPosts(SLACK, '/api/chat.postMessage', [200, slackFixture('web-api/chat-post-message.json')]);
    await send(message, logs.logger, { previousOutcomeUnknown: true });
    expect(posts).toHaveLength(1);
    const metadata = JSON.parse(new URLSearchParams(posts[0]).get('metadata') ?? 'null');
    expect(metadata).toEqual({
      event_type: 'effortless_outbox',
      event_payload: { outbox_id: message.id, dedupe_key: message.dedupeKey },
    });
  });
});
