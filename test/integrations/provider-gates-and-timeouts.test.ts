import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { buildIntegrations, createRateLimitGate } from '../../compose/integrations.js';
import { loadConfig } from '../../src/config/load-config.js';
import { createLogger } from '../../src/logger.js';
import { ChannelSendError, OutcomeUnknownError, RetryLater, ZendeskApiError } from '../../src/ports/errors.js';
import { loadFixture as loadSlackFixture } from './slack/load-fixture.js';
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  CUSTOMER,
  loadFixture as loadTwilioFixture,
  MESSAGES_PATH,
} from './twilio/support.js';
import { loadFixture as loadZendeskFixture } from './zendesk/load-fixture.js';

describe('createRateLimitGate', () => {
  it('is open until held, then counts the hold down with the clock and opens again', () => {
    let now = 5_000;
    const gate = createRateLimitGate(() => now);
    expect(gate.remainingMs()).toBe(0);
    gate.holdFor(60_000);
    expect(gate.remainingMs()).toBe(60_000);
    now += 59_999;
    expect(gate.remainingMs()).toBe(1);
    now += 1;
    expect(gate.remainingMs()).toBe(0);
  });

  it('keeps the longer hold when a shorter one comes later, and takes a longer one', () => {
    let now = 0;
    const gate = createRateLimitGate(() => now);
    gate.holdFor(60_000);
    now = 10_000;
    gate.holdFor(5_000);
    expect(gate.remainingMs()).toBe(50_000);
    gate.holdFor(120_000);
    expect(gate.remainingMs()).toBe(120_000);
  });

  it('a hold of zero or less holds nothing, and one gate never holds another', () => {
    const zendesk = createRateLimitGate(() => 0);
    const twilio = createRateLimitGate(() => 0);
    zendesk.holdFor(-5);
    expect(zendesk.remainingMs()).toBe(0);
    zendesk.holdFor(30_000);
    expect(twilio.remainingMs()).toBe(0);
  });
});

const json = { 'Content-Type': 'application/json; charset=utf-8' };

/** Every integration on, each pointed at its nock double. */
async function integrations(env: Record<string, string> = {}) {
  const config = loadConfig(
    {
      ZENDESK_URL: 'http://zendesk.test',
      ZENDESK_EMAIL: 'bot@example.com',
      ZENDESK_API_TOKEN: 'zendesk-token',
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_FROM: '+15017122661',
      TWILIO_API_URL: 'http://twilio.test',
      SLACK_BOT_TOKEN: 'xoxb-1-2-test',
      SLACK_SIGNING_SECRET: 'slack-signing-secret',
      SLACK_API_URL: 'http://slack.test/api/',
      ...env,
    },
    { cwd: '/nonexistent' },
  );
  const clients = await buildIntegrations(config, createLogger({ level: 'silent' }));
  const { zendesk, sms, slack } = clients;
  if (!zendesk || !sms || !slack) throw new Error('every integration should be on');
  return { zendesk, sms, slack };
}

const SURVEY = { to: CUSTOMER, body: 'How easy was it? Reply 1-7.', statusCallbackUrl: null };

describe('buildIntegrations: a gate per provider', () => {
  it('a Zendesk 429 holds Zendesk only: Twilio and Slack calls still go out', async () => {
    const { zendesk, sms, slack } = await integrations();
    nock('http://zendesk.test')
      .get('/api/v2/tickets/501.json')
      .reply(429, { error: 'TooManyRequests' }, { ...json, 'Retry-After': '60' });
    expect(await zendesk.getTicket(501).catch((e: unknown) => e)).toBeInstanceOf(RetryLater);
    // Held: no interceptor for users/9001, so a request would have been refused by nock instead.
    const held = await zendesk.getUser(9001).catch((e: unknown) => e);
    expect(held).toBeInstanceOf(RetryLater);
    expect((held as RetryLater).retryAfterMs).toBeGreaterThan(55_000);

    nock('http://twilio.test').post(MESSAGES_PATH).reply(201, loadTwilioFixture('rest/message-create.json'), json);
    await expect(sms.send(SURVEY)).resolves.toEqual({ providerId: expect.stringMatching(/^SM/) });
    nock('http://slack.test')
      .post('/api/users.lookupByEmail')
      .reply(200, loadSlackFixture('web-api/users-lookup-by-email.json'), json);
    await expect(slack.lookupUserIdByEmail('spengler@ghostbusters.example.com')).resolves.toBe('W012A3CDE');
  });
});

describe('buildIntegrations: UPSTREAM_TIMEOUT_SECONDS reaches every client', () => {
  it('a hung Zendesk read, Twilio send and Slack read each end within the configured 0.2 s', async () => {
    const { zendesk, sms, slack } = await integrations({ UPSTREAM_TIMEOUT_SECONDS: '0.2' });
    nock('http://zendesk.test')
      .get('/api/v2/tickets/501/audits.json')
      .delay(10_000)
      .reply(200, loadZendeskFixture('rest/ticket-audits-page-1.json'), json);
    nock('http://twilio.test')
      .post(MESSAGES_PATH)
      .delay(10_000)
      .reply(201, loadTwilioFixture('rest/message-create.json'), json);
    nock('http://slack.test')
      .post('/api/users.lookupByEmail')
      .delay(10_000)
      .reply(200, loadSlackFixture('web-api/users-lookup-by-email.json'), json);

    const started = Date.now();
    const [read, send, lookup] = await Promise.all([
      zendesk.listAudits(501).catch((e: unknown) => e),
      sms.send(SURVEY).catch((e: unknown) => e),
      slack.lookupUserIdByEmail('spengler@ghostbusters.example.com').catch((e: unknown) => e),
    ]);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(read).toBeInstanceOf(ZendeskApiError);
    expect(read).toMatchObject({ retryable: true, message: expect.stringContaining('within 200 ms') });
    expect(send).toBeInstanceOf(OutcomeUnknownError);
    expect(lookup).toBeInstanceOf(ChannelSendError);
    expect(lookup).toMatchObject({ retryable: true, details: { code: 'timeout' } });
  });
});
