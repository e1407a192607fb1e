import { fileURLToPath } from 'node:url';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { renderAlertMessage, renderAlertThreadUpdate } from '../../../integrations/slack/alert-blocks.js';
import { createSlackAlertPoster, DEFAULT_ALERT_MIN_INTERVAL_MS } from '../../../integrations/slack/alert-poster.js';
import { createSlackWebClient } from '../../../integrations/slack/client.js';
import type {
  AlertThreadUpdateView,
  LowScoreAlertView,
  MetricAlertView,
} from '../../../src/domain/alerts/alert-view.js';
import type { AlertMessageView } from '../../../src/ports/alert-channel.js';
import { MemoryPacing } from '../../../src/domain/pacing.js';
import type { PacingStore } from '../../../src/ports/pacing-store.js';
import { ChannelSendError, OutcomeUnknownError, RetryLater } from '../../../src/ports/errors.js';
import { captureLogs } from '../../support/capture-logs.js';
import { validateAgainstSpec } from '../../support/openapi.js';
import { loadFixture } from './load-fixture.js';

const SPEC = fileURLToPath(new URL('../../specs/slack_web_openapi_v2.json', import.meta.url));
const API = 'http://slack.test';
const LEADS = 'C0EFFLEADS';
const ROOT_TS = '1712577600.000100';

type Json = Record<string, unknown>;

const views = () =>
  loadFixture<{ metric: MetricAlertView; lowScore: LowScoreAlertView; worse: AlertThreadUpdateView }>(
    'alerts/alert-views.json',
  );
const metric = (): AlertMessageView => ({ type: 'metric', view: views().metric });

function setup(minIntervalMs = 1, timeoutMs?: number, pacing?: PacingStore) {
  const logs = captureLogs();
  const client = createSlackWebClient({
    botToken: 'xoxb-1-2-test',
    apiUrl: `${API}/api/`,
    logger: logs.logger,
    timeoutMs,
  });
  return { poster: createSlackAlertPoster(client, { minIntervalMs, ...(pacing ? { pacing } : {}) }), api: nock(API) };
}

/**
 * Every mocked answer is checked against Slack's spec before it is served. Slack sends errors
 * as HTTP 200 `{ ok: false }` (and a 429 with a body); the spec files those under each
 * method's `default` response, reached here through a status the operation does not list.
 * chat.update's echoed `message.blocks` is the one known spec mistake (an object there, an
 * array in Slack's answers; see fixtures.test.ts): checked to be an array, then left out.
 */
function specProblems(method: string, status: number, body: Json): string[] {
  const copy = structuredClone(body);
  const message = copy.message as Json | undefined;
  if (method === 'chat.update' && message && Array.isArray(message.blocks)) delete message.blocks;
  const specStatus = copy.ok === false && status === 200 ? 400 : status;
  return validateAgainstSpec(SPEC, { method: 'POST', path: `/api/${method}`, status: specStatus, body: copy });
}

interface Call {
  form: Record<string, string>;
  at: number;
}

/** Answers one Slack method (after the spec check) and records the form fields and the arrival time. */
function answer(
  api: nock.Scope,
  method: string,
  body: Json,
  options: { status?: number; headers?: Record<string, string>; times?: number } = {},
): Call[] {
  const status = options.status ?? 200;
  expect(specProblems(method, status, body)).toEqual([]);
  const calls: Call[] = [];
  api
    .post(`/api/${method}`)
    .times(options.times ?? 1)
    .reply((_uri, requestBody) => {
      calls.push({ form: Object.fromEntries(new URLSearchParams(String(requestBody))), at: Date.now() });
      return [status, body, { 'Content-Type': 'application/json; charset=utf-8', ...options.headers }];
    });
  return calls;
}

async function sendError(promise: Promise<unknown>): Promise<ChannelSendError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ChannelSendError);
  return error as ChannelSendError;
}

describe('createSlackAlertPoster: requests as documented', () => {
  it('posts the root message by channel name and returns the channel id Slack answers', async () => {
    const { poster, api } = setup();
    const posted = answer(api, 'chat.postMessage', loadFixture('web-api/chat-post-message-alert.json'));
    expect(await poster.postAlert('#leads', metric())).toEqual({ channel: LEADS, ts: ROOT_TS });
    const { text, blocks } = renderAlertMessage(metric());
    const form = posted[0]?.form ?? {};
    expect(form).toMatchObject({ channel: '#leads', text, unfurl_links: 'false', unfurl_media: 'false' });
    expect(form.thread_ts).toBeUndefined();
    expect(JSON.parse(form.blocks ?? 'null')).toEqual(blocks);
  });

  it('posts a low-score alert to a channel id', async () => {
    const { poster, api } = setup();
    const posted = answer(api, 'chat.postMessage', loadFixture('web-api/chat-post-message-alert.json'));
    const message: AlertMessageView = { type: 'low_score', view: views().lowScore };
    await poster.postAlert(LEADS, message);
    expect(posted[0]?.form.channel).toBe(LEADS);
    expect(JSON.parse(posted[0]?.form.blocks ?? 'null')).toEqual(renderAlertMessage(message).blocks);
  });

  it('redraws the root message with chat.update (channel id and ts)', async () => {
    const { poster, api } = setup();
    const updated = answer(api, 'chat.update', loadFixture('web-api/chat-update-alert.json'));
    const acknowledged: AlertMessageView = {
      type: 'metric',
      view: { ...views().metric, status: 'acknowledged', acknowledgedBy: 'W012A3CDE' },
    };
    await poster.updateAlert(LEADS, ROOT_TS, acknowledged);
    const form = updated[0]?.form ?? {};
    expect(form).toMatchObject({ channel: LEADS, ts: ROOT_TS, text: renderAlertMessage(acknowledged).text });
    expect(JSON.parse(form.blocks ?? 'null')).toEqual(renderAlertMessage(acknowledged).blocks);
    expect(form.blocks).not.toContain('alert_acknowledge');
  });

  it('posts a thread update with thread_ts and returns its own ts', async () => {
    const { poster, api } = setup();
    const posted = answer(api, 'chat.postMessage', loadFixture('web-api/chat-post-message-thread-reply.json'));
    expect(await poster.postThreadUpdate(LEADS, ROOT_TS, views().worse)).toEqual({ ts: '1712581200.000200' });
    const form = posted[0]?.form ?? {};
    expect(form).toMatchObject({
      channel: LEADS,
      thread_ts: ROOT_TS,
      text: renderAlertThreadUpdate(views().worse).text,
    });
    expect(JSON.parse(form.blocks ?? 'null')).toEqual(renderAlertThreadUpdate(views().worse).blocks);
  });
});

describe('createSlackAlertPoster: failures', () => {
  // Was a retryable ChannelSendError (code rate_limited): now RetryLater, "not yet", which the
  // outbox waits out without using up the alert's tries.
  it('a 429 is rejected at once as RetryLater, with Retry-After for the outbox', async () => {
    const { poster, api } = setup();
    const calls = answer(api, 'chat.postMessage', loadFixture('web-api/rate-limited.json'), {
      status: 429,
      headers: { 'Retry-After': '7' },
    });
    const error = await poster.postAlert(LEADS, metric()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryLater);
    expect(error).toMatchObject({ retryable: true, retryAfterMs: 7_000 });
    expect(calls).toHaveLength(1);
  });

  it('a 429 on chat.update is handled the same way', async () => {
    const { poster, api } = setup();
    answer(api, 'chat.update', loadFixture('web-api/rate-limited.json'), {
      status: 429,
      headers: { 'Retry-After': '7' },
    });
    const error = await poster.updateAlert(LEADS, ROOT_TS, metric()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryLater);
    expect(error).toMatchObject({ retryable: true, retryAfterMs: 7_000 });
  });

  it('a post that never answers is OutcomeUnknownError within the timeout: the alert may have been posted', async () => {
    const { poster, api } = setup(1, 100);
    api.post('/api/chat.postMessage').delay(5_000).reply(200, loadFixture('web-api/chat-post-message-alert.json'));
    const started = Date.now();
    const error = await poster.postAlert(LEADS, metric()).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(error).toBeInstanceOf(OutcomeUnknownError);
  });

  it('channel_not_found is permanent', async () => {
    const { poster, api } = setup();
    answer(api, 'chat.postMessage', loadFixture('web-api/channel-not-found.json'));
    const error = await sendError(poster.postAlert('#no-such-channel', metric()));
    expect(error).toMatchObject({
      retryable: false,
      message: 'slack chat.postMessage failed: channel_not_found',
      details: { code: 'channel_not_found' },
    });
  });

  it('channel_not_found from chat.update and a thread update are permanent too', async () => {
    const { poster, api } = setup();
    answer(api, 'chat.update', loadFixture('web-api/channel-not-found.json'));
    answer(api, 'chat.postMessage', loadFixture('web-api/channel-not-found.json'));
    expect((await sendError(poster.updateAlert(LEADS, ROOT_TS, metric()))).retryable).toBe(false);
    expect((await sendError(poster.postThreadUpdate(LEADS, ROOT_TS, views().worse))).retryable).toBe(false);
  });

  it('an ok answer without ts is a permanent error: a retry could post the alert twice', async () => {
    const { poster, api } = setup();
    const body = loadFixture('web-api/chat-post-message-alert.json');
    delete body.ts;
    // The only mocked answer that breaks the spec, on purpose, and only by the missing ts.
    expect(specProblems('chat.postMessage', 200, body)).toEqual([
      expect.stringMatching(/must have required property 'ts'/),
    ]);
    api.post('/api/chat.postMessage').reply(200, body);
    expect(await sendError(poster.postAlert(LEADS, metric()))).toMatchObject({
      retryable: false,
      details: { code: 'no_ts' },
    });
  });

  it('refuses blocks Slack would reject before calling Slack (permanent)', async () => {
    const { poster, api } = setup();
    const drivers = Array.from({ length: 60 }, (_, i) => `${i} ${'x'.repeat(2_990)}`);
    const error = await sendError(
      poster.postAlert(LEADS, { type: 'low_score', view: { ...views().lowScore, drivers } }),
    );
    expect(error).toMatchObject({ retryable: false, details: { code: 'invalid_blocks' } });
    expect(error.message).toMatch(/blocks \(max 50\)/);
    expect(api.pendingMocks()).toEqual([]);
  });
});

describe('createSlackAlertPoster: pacing per channel', () => {
  it('defaults to one call per second per channel, as Slack asks', () => {
    expect(DEFAULT_ALERT_MIN_INTERVAL_MS).toBe(1_000);
  });

  it('spaces posts and updates to the same channel at least minIntervalMs apart, in call order', async () => {
    const INTERVAL = 200;
    const { poster, api } = setup(INTERVAL);
    const posted = answer(api, 'chat.postMessage', loadFixture('web-api/chat-post-message-alert.json'), { times: 2 });
    const updated = answer(api, 'chat.update', loadFixture('web-api/chat-update-alert.json'));
    const started = Date.now();
    await Promise.all([
      poster.postAlert(LEADS, metric()),
      poster.updateAlert(LEADS, ROOT_TS, metric()),
      poster.postThreadUpdate(LEADS, ROOT_TS, views().worse),
    ]);
    // Three calls, two gaps. The throttle spaces the starts; each call's round trip adds to this.
    expect(Date.now() - started).toBeGreaterThanOrEqual(2 * INTERVAL);
    const arrivals = [posted[0], updated[0], posted[1]].map((call) => call?.at ?? Number.NaN);
    // The throttle spaces the starts; the arrivals also carry each request's own latency, which
    // varies by tens of ms on a loaded machine, so a quarter of the interval is left for it.
    expect(arrivals[1]! - arrivals[0]!).toBeGreaterThanOrEqual(INTERVAL * 0.75);
    expect(arrivals[2]! - arrivals[1]!).toBeGreaterThanOrEqual(INTERVAL * 0.75);
    expect(posted[1]?.form.thread_ts).toBe(ROOT_TS); // the thread update went last, as called
  });

  it('does not hold one channel for another', async () => {
    const INTERVAL = 600;
    const { poster, api } = setup(INTERVAL);
    const body = loadFixture('web-api/chat-post-message-alert.json');
    answer(api, 'chat.postMessage', body, { times: 3 });
    const started = Date.now();
    const elapsed = () => Date.now() - started;
    const first = poster.postAlert(LEADS, metric());
    const secondSameChannel = poster.postAlert(LEADS, metric()).then(elapsed);
    const otherChannel = await poster.postAlert('C0EFFOTHER', metric()).then(elapsed);
    await first;
    expect(otherChannel).toBeLessThan(INTERVAL / 2); // not queued behind the leads channel
    expect(await secondSameChannel).toBeGreaterThanOrEqual(INTERVAL - 5);
  });

  it('paces a channel name and the id Slack answered for it together', async () => {
    const INTERVAL = 200;
    const { poster, api } = setup(INTERVAL);
    answer(api, 'chat.postMessage', loadFixture('web-api/chat-post-message-alert.json'), { times: 2 });
    answer(api, 'chat.update', loadFixture('web-api/chat-update-alert.json'));
    const started = Date.now();
    const { channel } = await poster.postAlert('#leads', metric());
    await poster.postAlert('leads', metric()); // same channel, without the '#'
    await poster.updateAlert(channel, ROOT_TS, metric()); // by the id Slack answered
    expect(Date.now() - started).toBeGreaterThanOrEqual(2 * INTERVAL - 5);
  });

  it("paces two instances on one pacing store as one: the second post waits out the first post's interval", async () => {
    const INTERVAL = 300;
    const shared = new MemoryPacing();
    const one = setup(INTERVAL, undefined, shared);
    const other = setup(INTERVAL, undefined, shared);
    const posted = answer(one.api, 'chat.postMessage', loadFixture('web-api/chat-post-message-alert.json'), {
      times: 2,
    });
    await Promise.all([one.poster.postAlert(LEADS, metric()), other.poster.postAlert(LEADS, metric())]);
    const [first, second] = posted.map((call) => call.at);
    expect(second! - first!).toBeGreaterThanOrEqual(INTERVAL * 0.75);
  });

  it('puts a post whose slot is far away back with RetryLater instead of waiting, and sends nothing', async () => {
    const INTERVAL = 10_000;
    const { poster, api } = setup(INTERVAL);
    const posted = answer(api, 'chat.postMessage', loadFixture('web-api/chat-post-message-alert.json'));
    await poster.postAlert(LEADS, metric());
    const error = await poster.postAlert(LEADS, metric()).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(RetryLater);
    expect((error as RetryLater).retryAfterMs).toBeGreaterThan(INTERVAL - 1_000);
    expect((error as RetryLater).retryAfterMs).toBeLessThanOrEqual(INTERVAL);
    expect(posted).toHaveLength(1);
  });
});
