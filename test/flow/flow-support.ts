import nock from 'nock';
import request from 'supertest';
import twilio from 'twilio';
import { signZendeskPayload } from '../../integrations/zendesk/verify.js';
import { loadFixture as loadSlackFixture } from '../integrations/slack/load-fixture.js';
import { loadFixture } from '../integrations/zendesk/load-fixture.js';
import { loadConfig } from '../../src/config/load-config.js';
import { createLogger } from '../../src/logger.js';
import { startService, type RunningService } from '../../compose/build-service.js';

export const ZENDESK = 'http://zendesk.test';
export const TWILIO = 'http://twilio.test';
export const ZENDESK_SECRET = 'dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==';
export const JSON_HEADERS = { 'Content-Type': 'application/json; charset=utf-8' };

/** The environment of a service on an in-memory database that talks to the Zendesk test double. */
export const ZENDESK_FLOW_ENV = Object.freeze({
  PORT: '0',
  DATABASE_URL: ':memory:',
  ZENDESK_URL: ZENDESK,
  ZENDESK_EMAIL: 'bot@example.com',
  ZENDESK_API_TOKEN: 'zendesk-api-token',
  ZENDESK_WEBHOOK_SECRET: ZENDESK_SECRET,
});

export async function waitFor(
  condition: () => Promise<boolean> | boolean,
  what: string,
  timeoutMs = 5000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export type AuditsPage = { audits: Array<{ id: number } & Record<string, unknown>>; next_page: string | null };

/**
 * What Zendesk answers for ticket 501 (the fixtures), before or after the bot's own audit 1008;
 * `changePage2` turns the second audits page into another case (the customer's chat on messaging).
 */
export function serveTicket501(api: nock.Scope, withBotAudit: boolean, changePage2?: (page: AuditsPage) => void) {
  const page2 = loadFixture<AuditsPage>('rest/ticket-audits-page-2.json');
  if (!withBotAudit) page2.audits = page2.audits.filter((a) => a.id !== 1008);
  changePage2?.(page2);
  // The solved event's `detail` is the ticket: the sync reads only the audits (asking for users sideloaded).
  api
    .get('/api/v2/tickets/501/audits.json')
    .query({ include: 'users' })
    .reply(200, loadFixture('rest/ticket-audits-page-1.json'), JSON_HEADERS);
  api.get('/api/v2/tickets/501/audits.json').query({ page: '2' }).reply(200, page2, JSON_HEADERS);
  api.get('/api/v2/users/9001.json').reply(200, loadFixture('rest/user-show.json'), JSON_HEADERS);
}

export function postZendeskWebhook(url: string, body: string, now: Date) {
  const timestamp = now.toISOString().replace(/\.\d+Z$/, 'Z');
  return request(url)
    .post('/webhooks/zendesk')
    .set('Content-Type', 'application/json')
    .set('X-Zendesk-Webhook-Signature', signZendeskPayload(ZENDESK_SECRET, timestamp, body))
    .set('X-Zendesk-Webhook-Signature-Timestamp', timestamp)
    .send(body);
}

/** An inbound SMS as Twilio posts it, signed with the twilio package's own function. */
export function postInboundSms(url: string, publicUrl: string, authToken: string, params: Record<string, string>) {
  const signature = twilio.getExpectedTwilioSignature(authToken, `${publicUrl}/webhooks/twilio/sms`, params);
  return request(url).post('/webhooks/twilio/sms').type('form').set('X-Twilio-Signature', signature).send(params);
}

export interface SlackCall {
  method: string;
  body: Record<string, string>;
}

/** Serves Slack Web API methods from fixtures (each `times` times) and records every call, form fields decoded. */
export function recordSlackCalls(
  baseUrl: string,
  methods: ReadonlyArray<readonly [method: string, fixture: string, times?: number]>,
): SlackCall[] {
  const calls: SlackCall[] = [];
  const slack = nock(baseUrl);
  for (const [method, fixture, times = 1] of methods) {
    slack
      .post(`/api/${method}`)
      .times(times)
      .reply((_uri, body) => {
        calls.push({ method, body: Object.fromEntries(new URLSearchParams(String(body))) });
        return [200, loadSlackFixture(fixture)];
      });
  }
  return calls;
}

/** The service on ZENDESK_FLOW_ENV plus `env`, logging nothing, workers polling every 20 ms; a fixed clock when `now` is given. */
export function startFlowService(env: Record<string, string>, now?: Date): Promise<RunningService> {
  const config = loadConfig({ ...ZENDESK_FLOW_ENV, ...env }, { cwd: '/nonexistent' });
  return startService(config, {
    logger: createLogger({ level: 'silent' }),
    ...(now ? { clock: { now: () => now } } : {}),
    idleMs: 20,
  });
}

/**
 * Zendesk's answers for a "solved" webhook on ticket 501: the bot user, the audits and the
 * requester. No read of the ticket: the webhook carries it, and each write starts from the
 * state the last webhook or write answered with.
 */
export function serveSolvedTicket501(changePage2?: (page: AuditsPage) => void): nock.Scope {
  const zendesk = nock(ZENDESK);
  zendesk.get('/api/v2/users/me.json').reply(200, loadFixture('rest/users-me.json'), JSON_HEADERS);
  serveTicket501(zendesk, false, changePage2);
  return zendesk;
}
