import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { renderSurveyBlocks } from '../../../integrations/slack/blocks.js';
import { createSlackSurveySender, createSlackWebClient } from '../../../integrations/slack/client.js';
import { ChannelSendError } from '../../../src/ports/errors.js';
import { captureLogs } from '../../support/capture-logs.js';
import { loadFixture } from './load-fixture.js';
import { answeredLow, surveyView } from './survey-views.js';

// A test double's address, standing in for SLACK_API_URL.
const API = 'http://slack.test';
const TOKEN = 'xoxb-1234-5678-sEcReTbOtToKeN';
const RAPID = { retries: 2, factor: 1, minTimeout: 1, maxTimeout: 5 };

interface Recorded {
  headers: Record<string, unknown>;
  contentType: string;
  form: Record<string, string>;
}

function setup() {
  const logs = captureLogs();
  logs.logger.level = 'trace'; // the SDK's own request lines, to prove the token is not in them
  const client = createSlackWebClient({ botToken: TOKEN, apiUrl: `${API}/api/`, logger: logs.logger, retryConfig: RAPID });
  return { client, sender: createSlackSurveySender(client), logs, api: nock(API) };
}

/** Answers one Slack method and keeps what was sent (headers and the form-encoded fields). */
function answer(api: nock.Scope, method: string, body: object, status = 200, headers: Record<string, string> = {}, times = 1): Recorded[] {
  const calls: Recorded[] = [];
  api.post(`/api/${method}`).times(times).reply(function (_uri, requestBody) {
    const contentType = String(this.req.headers['content-type']);
    calls.push({ headers: this.req.headers, contentType, form: Object.fromEntries(new URLSearchParams(String(requestBody))) });
    return [status, body, { 'Content-Type': 'application/json; charset=utf-8', ...headers }];
  });
  return calls;
}

async function sendError(promise: Promise<unknown>): Promise<ChannelSendError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(ChannelSendError);
  return error as ChannelSendError;
}

describe('createSlackWebClient', () => {
  it('talks to SLACK_API_URL', () => {
    expect(setup().client.slackApiUrl).toBe('http://slack.test/api/');
  });
});

describe('createSlackSurveySender: requests as documented', () => {
  it('looks a user up by e-mail: form-encoded POST, token only in the Authorization header', async () => {
    const { sender, api } = setup();
    const calls = answer(api, 'users.lookupByEmail', loadFixture('web-api/users-lookup-by-email.json'));
    expect(await sender.lookupUserIdByEmail('spengler@ghostbusters.example.com')).toBe('W012A3CDE');
    expect(calls).toHaveLength(1);
    // @slack/web-api sends every method as application/x-www-form-urlencoded (objects JSON-encoded in a field).
    expect(calls[0]?.contentType).toBe('application/x-www-form-urlencoded');
    expect(calls[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(calls[0]?.form).toEqual({ email: 'spengler@ghostbusters.example.com' });
  });

  it('answers null for users_not_found, without retrying', async () => {
    const { sender, api } = setup();
    const calls = answer(api, 'users.lookupByEmail', loadFixture('web-api/users-lookup-by-email-users-not-found.json'));
    expect(await sender.lookupUserIdByEmail('nobody@example.com')).toBeNull();
    expect(calls).toHaveLength(1);
  });

  it('opens the DM, then posts text and blocks to its channel id', async () => {
    const { sender, api } = setup();
    const opened = answer(api, 'conversations.open', loadFixture('web-api/conversations-open.json'));
    const posted = answer(api, 'chat.postMessage', loadFixture('web-api/chat-post-message.json'));
    const view = surveyView('CES');
    expect(await sender.postSurvey('W012A3CDE', view)).toEqual({ channel: 'D069C7QFK', ts: '1503435956.000247' });
    expect(opened[0]?.form).toEqual({ users: 'W012A3CDE' });
    const { text, blocks } = renderSurveyBlocks(view);
    expect(posted[0]?.form.channel).toBe('D069C7QFK');
    expect(posted[0]?.form.text).toBe(text);
    expect(JSON.parse(posted[0]?.form.blocks ?? 'null')).toEqual(blocks);
  });

  it('redraws a posted survey with chat.update', async () => {
    const { sender, api } = setup();
    const updated = answer(api, 'chat.update', loadFixture('web-api/chat-update.json'));
    await sender.updateSurvey('D069C7QFK', '1503435956.000247', answeredLow());
    const form = updated[0]?.form ?? {};
    expect(form).toMatchObject({ channel: 'D069C7QFK', ts: '1503435956.000247', text: 'You chose 2. Thanks for telling us.' });
    expect(JSON.parse(form.blocks ?? '[]')).toEqual(renderSurveyBlocks(answeredLow()).blocks);
  });

  it('never writes the token to the log', async () => {
    const { sender, api, logs } = setup();
    answer(api, 'users.lookupByEmail', loadFixture('web-api/users-lookup-by-email.json'));
    await sender.lookupUserIdByEmail('spengler@ghostbusters.example.com');
    expect(logs.text()).toContain('http request url: http://slack.test/api/users.lookupByEmail');
    expect(logs.text()).not.toContain(TOKEN);
  });
});

describe('createSlackSurveySender: failures', () => {
  it('a 429 is rejected at once as retryable, with Retry-After for the outbox', async () => {
    const { sender, api } = setup();
    const calls = answer(api, 'conversations.open', { ok: false, error: 'ratelimited' }, 429, { 'Retry-After': '30' });
    const error = await sendError(sender.postSurvey('W012A3CDE', surveyView('CES')));
    expect(error.retryable).toBe(true);
    expect(error.retryAfterMs).toBe(30_000);
    expect(error.details.code).toBe('rate_limited');
    expect(calls).toHaveLength(1);
  });

  it.each(['invalid_auth', 'not_authed', 'account_inactive', 'user_not_found', 'channel_not_found', 'cannot_dm_bot'])(
    '%s is permanent and not retried',
    async (code) => {
      const { sender, api } = setup();
      const calls = answer(api, 'conversations.open', { ok: false, error: code });
      const error = await sendError(sender.postSurvey('W012A3CDE', surveyView('CES')));
      expect(error.retryable).toBe(false);
      expect(error.details.code).toBe(code);
      expect(error.message).toBe(`slack conversations.open failed: ${code}`);
      expect(calls).toHaveLength(1);
    },
  );

  it('invalid_auth from chat.update is permanent too', async () => {
    const { sender, api } = setup();
    answer(api, 'chat.update', loadFixture('web-api/invalid-auth.json'));
    const error = await sendError(sender.updateSurvey('D069C7QFK', '1503435956.000247', answeredLow()));
    expect(error.retryable).toBe(false);
  });

  it('a platform error that says "try later" (fatal_error) stays retryable', async () => {
    const { sender, api } = setup();
    answer(api, 'chat.update', { ok: false, error: 'fatal_error' });
    expect((await sendError(sender.updateSurvey('D069C7QFK', '1503435956.000247', answeredLow()))).retryable).toBe(true);
  });

  it('retries a 5xx in-process and succeeds', async () => {
    const { sender, api } = setup();
    const failed = answer(api, 'users.lookupByEmail', { ok: false }, 503);
    answer(api, 'users.lookupByEmail', loadFixture('web-api/users-lookup-by-email.json'));
    expect(await sender.lookupUserIdByEmail('spengler@ghostbusters.example.com')).toBe('W012A3CDE');
    expect(failed).toHaveLength(1);
    expect(api.isDone()).toBe(true);
  });

  it('a 5xx that persists through the retries is retryable for the outbox', async () => {
    const { sender, api } = setup();
    const calls = answer(api, 'chat.update', { ok: false }, 502, {}, 3);
    const error = await sendError(sender.updateSurvey('D069C7QFK', '1503435956.000247', answeredLow()));
    expect(error).toMatchObject({ retryable: true, message: 'slack chat.update failed: HTTP 502' });
    expect(calls).toHaveLength(3); // the first try and RAPID's two retries
  });

  it('a network error is retryable', async () => {
    const { sender, api } = setup();
    // An Error instance: nock 14 + axios never settle a request failed with a plain object.
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    api.post('/api/users.lookupByEmail').times(3).replyWithError(reset);
    const error = await sendError(sender.lookupUserIdByEmail('spengler@ghostbusters.example.com'));
    expect(error).toMatchObject({ retryable: true, details: { code: 'request_error' } });
  });

  it('refuses blocks Slack would reject before calling Slack (permanent)', async () => {
    const { sender, api } = setup();
    const tooWide = surveyView('NPS', { scale: { min: 0, max: 30 } });
    const error = await sendError(sender.postSurvey('W012A3CDE', tooWide));
    expect(error).toMatchObject({ retryable: false, details: { code: 'invalid_blocks' } });
    expect(api.pendingMocks()).toEqual([]);
  });
});
