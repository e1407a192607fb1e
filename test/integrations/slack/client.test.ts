import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createRateLimitGate } from '../../../compose/integrations.js';
import { renderSurveyBlocks } from '../../../integrations/slack/survey-blocks.js';
import {
  createSlackSurveySender,
  createSlackWebClient,
  type RateLimitGate,
} from '../../../integrations/slack/client.js';
import { ChannelSendError, OutcomeUnknownError, RetryLater } from '../../../src/ports/errors.js';
import { captureLogs } from '../../support/capture-logs.js';
import { loadFixture } from './load-fixture.js';
import { answeredLow, surveyView } from './survey-views.js';

// A test double's address, standing in for SLACK_API_URL.
const API = 'http://slack.test';
const TOKEN = 'xoxb-1234-5678-sEcReTbOtToKeN';

interface Recorded {
  headers: Record<string, unknown>;
  contentType: string;
  form: Record<string, string>;
}

function setup(options: { apiUrl?: string; timeoutMs?: number; gate?: RateLimitGate } = {}) {
  const logs = captureLogs();
  logs.logger.level = 'trace'; // the SDK's own request lines, to prove the token is not in them
  const client = createSlackWebClient({
    botToken: TOKEN,
    apiUrl: options.apiUrl ?? `${API}/api/`,
    logger: logs.logger,
    timeoutMs: options.timeoutMs,
  });
  return { client, sender: createSlackSurveySender(client, { gate: options.gate }), logs, api: nock(API) };
}

/** Answers one Slack method and keeps what was sent (headers and the form-encoded fields). */
function answer(
  api: nock.Scope,
  method: string,
  body: object,
  status = 200,
  headers: Record<string, string> = {},
  times = 1,
): Recorded[] {
  const calls: Recorded[] = [];
  api
    .post(`/api/${method}`)
    .times(times)
    .reply(function (_uri, requestBody) {
      const contentType = String(this.req.headers['content-type']);
      calls.push({
        headers: this.req.headers,
        contentType,
        form: Object.fromEntries(new URLSearchParams(String(requestBody))),
      });
      return [status, body, { 'Content-Type': 'application/json; charset=utf-8', ...headers }];
    });
  return calls;
}

async function sendError(promise: Promise<unknown>): Promise<ChannelSendError> {
  return failureOf(promise, ChannelSendError);
}

async function failureOf<T extends Error>(promise: Promise<unknown>, kind: new (...args: never[]) => T): Promise<T> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(kind);
  return error as T;
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
    expect(form).toMatchObject({
      channel: 'D069C7QFK',
      ts: '1503435956.000247',
      text: 'You chose 2. Thanks for telling us.',
    });
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
  // Was a retryable ChannelSendError (code rate_limited); now RetryLater, "not yet", which the
  // outbox waits out without using up the survey's tries.
  it('a 429 is rejected at once as RetryLater, with Retry-After for the outbox', async () => {
    const { sender, api } = setup();
    const calls = answer(api, 'conversations.open', { ok: false, error: 'ratelimited' }, 429, { 'Retry-After': '30' });
    const error = await failureOf(sender.postSurvey('W012A3CDE', surveyView('CES')), RetryLater);
    expect(error.retryable).toBe(true);
    expect(error.retryAfterMs).toBe(30_000);
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
    expect((await sendError(sender.updateSurvey('D069C7QFK', '1503435956.000247', answeredLow()))).retryable).toBe(
      true,
    );
  });

  // Was "retries a 5xx in-process and succeeds": the client no longer retries inside the call
  // (the outbox reschedules the send), so the first 5xx is the answer.
  it('a 5xx is retryable for the outbox at once, without a retry inside the client', async () => {
    const { sender, api } = setup();
    const failed = answer(api, 'users.lookupByEmail', { ok: false }, 503, { 'Retry-After': '20' });
    const error = await sendError(sender.lookupUserIdByEmail('spengler@ghostbusters.example.com'));
    expect(error).toMatchObject({ retryable: true, retryAfterMs: 20_000 });
    expect(failed).toHaveLength(1);
  });

  it('a 5xx on a write is retryable for the outbox, after exactly one request', async () => {
    const { sender, api } = setup();
    const calls = answer(api, 'chat.update', { ok: false }, 502);
    const error = await sendError(sender.updateSurvey('D069C7QFK', '1503435956.000247', answeredLow()));
    expect(error).toMatchObject({ retryable: true, message: 'slack chat.update failed: HTTP 502' });
    expect(calls).toHaveLength(1); // was 3: the first try and two in-process retries
  });

  it('a network error on a read is retryable', async () => {
    const { sender, api } = setup();
    // An Error instance: nock 14 + axios never settle a request failed with a plain object.
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    api.post('/api/users.lookupByEmail').replyWithError(reset);
    const error = await sendError(sender.lookupUserIdByEmail('spengler@ghostbusters.example.com'));
    expect(error).toMatchObject({ retryable: true, details: { code: 'request_error' } });
  });

  it('a reset on chat.postMessage is OutcomeUnknownError: the survey may have been posted', async () => {
    const { sender, api } = setup();
    answer(api, 'conversations.open', loadFixture('web-api/conversations-open.json'));
    api
      .post('/api/chat.postMessage')
      .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    const error = await failureOf(sender.postSurvey('W012A3CDE', surveyView('CES')), OutcomeUnknownError);
    expect(error).toMatchObject({ code: 'outcome_unknown', retryable: true });
  });

  it('a refused connection on a write sent nothing: an ordinary retryable error', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const { sender, logs } = setup({ apiUrl: `http://127.0.0.1:${port}/api/` });
    const error = await sendError(sender.updateSurvey('D069C7QFK', '1503435956.000247', answeredLow()));
    expect(error).toMatchObject({ retryable: true, details: { code: 'request_error' } });
    expect(JSON.stringify(error) + error.message + logs.text()).not.toContain(TOKEN);
  });

  it('refuses blocks Slack would reject before calling Slack (permanent)', async () => {
    const { sender, api } = setup();
    const tooWide = surveyView('NPS', { scale: { min: 0, max: 30 } });
    const error = await sendError(sender.postSurvey('W012A3CDE', tooWide));
    expect(error).toMatchObject({ retryable: false, details: { code: 'invalid_blocks' } });
    expect(api.pendingMocks()).toEqual([]);
  });
});

describe('createSlackSurveySender: timeouts', () => {
  it('a read that never answers times out within timeoutMs as a retryable error', async () => {
    const { sender, api, logs } = setup({ timeoutMs: 100 });
    api
      .post('/api/users.lookupByEmail')
      .delayConnection(5_000)
      .reply(200, loadFixture('web-api/users-lookup-by-email.json'));
    const started = Date.now();
    const error = await sendError(sender.lookupUserIdByEmail('spengler@ghostbusters.example.com'));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(error).toMatchObject({ retryable: true, details: { code: 'timeout' } });
    expect(JSON.stringify(error) + error.message + logs.text()).not.toContain(TOKEN);
  });

  it.each([
    ['answer', (scope: nock.Interceptor) => scope.delayConnection(5_000)],
    ['body', (scope: nock.Interceptor) => scope.delayBody(5_000)],
  ])('chat.postMessage whose %s never comes is OutcomeUnknownError within timeoutMs', async (_what, hang) => {
    const { sender, api } = setup({ timeoutMs: 100 });
    answer(api, 'conversations.open', loadFixture('web-api/conversations-open.json'));
    hang(api.post('/api/chat.postMessage')).reply(200, loadFixture('web-api/chat-post-message.json'));
    const started = Date.now();
    const error = await failureOf(sender.postSurvey('W012A3CDE', surveyView('CES')), OutcomeUnknownError);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(error.message).toBe(
      'slack chat.postMessage: no answer from Slack (timeout of 100ms exceeded); it may have been posted',
    );
  });

  it('chat.update that never answers is OutcomeUnknownError too', async () => {
    const { sender, api } = setup({ timeoutMs: 100 });
    api.post('/api/chat.update').delay(5_000).reply(200, loadFixture('web-api/chat-update.json'));
    await failureOf(sender.updateSurvey('D069C7QFK', '1503435956.000247', answeredLow()), OutcomeUnknownError);
  });
});

describe('createSlackSurveySender: the rate-limit gate', () => {
  it('after a 429, every call fails fast with RetryLater for the time left, then goes through', async () => {
    let now = 1_000_000;
    const { sender, api } = setup({ gate: createRateLimitGate(() => now) });
    const limited = answer(api, 'users.lookupByEmail', { ok: false, error: 'ratelimited' }, 429, {
      'Retry-After': '30',
    });
    expect(await failureOf(sender.lookupUserIdByEmail('spengler@ghostbusters.example.com'), RetryLater)).toMatchObject({
      retryAfterMs: 30_000,
    });

    now += 10_000;
    // No interceptor for conversations.open: had the sender called Slack, nock would have refused it.
    expect(await failureOf(sender.postSurvey('W012A3CDE', surveyView('CES')), RetryLater)).toMatchObject({
      retryAfterMs: 20_000,
    });
    expect(limited).toHaveLength(1);

    now += 20_000;
    answer(api, 'users.lookupByEmail', loadFixture('web-api/users-lookup-by-email.json'));
    expect(await sender.lookupUserIdByEmail('spengler@ghostbusters.example.com')).toBe('W012A3CDE');
  });
});
