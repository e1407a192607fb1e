import express from 'express';
import nock from 'nock';
import request from 'supertest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSlackApp } from '../../../integrations/slack/app.js';
import { createSlackWebClient } from '../../../integrations/slack/client.js';
import { createSlackDeliveryHandler } from '../../../integrations/slack/handle-delivery.js';
import { processNextDelivery } from '../../../src/app/process-deliveries.js';
import type { SlackSurveyView } from '../../../src/domain/survey/survey.js';
import { createMetrics } from '../../../src/metrics.js';
import type { AlertInbound } from '../../../src/ports/alert-channel.js';
import { SLACK_PROVIDER } from '../../../src/ports/inbox.js';
import type { Store } from '../../../src/ports/store.js';
import type { SurveyInbound } from '../../../src/ports/survey-channels.js';
import { captureLogs } from '../../support/capture-logs.js';
import { openTestStore } from '../../support/store.js';
import { loadFixture, readFixtureText } from './load-fixture.js';
import { interactivityBody, slackSignatureHeaders } from './sign-slack-request.js';
import { answeredLow } from './survey-views.js';

const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const API = 'http://slack.test';
const FORM = 'application/x-www-form-urlencoded';
/** The service's clock; the signature window runs on real time, whatever this says. */
const NOW = new Date('2026-03-02T10:00:00Z');
const PRESS = 'interactivity/block-actions-score-button.json';

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

function fakeInbound(overrides: Partial<SurveyInbound> = {}): SurveyInbound {
  return {
    handleSmsReply: vi.fn(),
    handleSmsStatus: vi.fn(),
    handleMessagingReply: vi.fn(),
    handleSlackScore: vi.fn(async () => answeredLow()),
    handleSlackVerbatim: vi.fn(async () => answeredLow()),
    ...overrides,
  };
}

const fakeAlerts = (): AlertInbound => ({
  acknowledge: vi.fn(async () => null),
  effortSummary: vi.fn(async () => ({ ok: false as const, message: 'No team called "billing".' })),
});

async function setup(inbound: SurveyInbound = fakeInbound()) {
  store = await openTestStore();
  const logs = captureLogs();
  const client = createSlackWebClient({
    botToken: 'xoxb-1-2-test',
    apiUrl: `${API}/api/`,
    logger: logs.logger,
    retryConfig: { retries: 0 },
  });
  const deps = { client, inbound, alerts: fakeAlerts() };
  const slack = createSlackApp({
    ...deps,
    signingSecret: SECRET,
    logger: logs.logger,
    inbox: store.deliveries,
    clock: { now: () => NOW },
  });
  const http = express();
  http.use(slack.router);
  const updates: Array<Record<string, string>> = [];
  nock(API)
    .post('/api/chat.update')
    .times(5)
    .reply((_uri, body) => {
      updates.push(Object.fromEntries(new URLSearchParams(String(body))));
      return [200, loadFixture('web-api/chat-update.json')];
    });
  const worker = {
    inbox: store.deliveries,
    handlers: { [SLACK_PROVIDER]: createSlackDeliveryHandler(deps) },
    clock: { now: () => NOW },
    logger: logs.logger,
    metrics: createMetrics({ collectDefaults: false }),
  };
  return { http, inbound, logs, updates, store, alerts: deps.alerts, runWorkerOnce: () => processNextDelivery(worker) };
}

function post(http: express.Express, body: string, headers: Record<string, string>, contentType = FORM) {
  return request(http).post('/slack/events').set('Content-Type', contentType).set(headers).send(body);
}

const pressBody = () => interactivityBody(loadFixture(PRESS));
const secondsFromNow = (seconds: number) => Math.floor(Date.now() / 1000) + seconds;

describe('POST /slack/events: the signature window runs both ways', () => {
  it.each([
    ['six minutes ahead', 6 * 60, 'future'],
    ['six minutes old', -6 * 60, 'stale'],
  ])('refuses a correctly signed request dated %s with 401 and stores nothing', async (_case, offset, reason) => {
    const { http, inbound, store, logs } = await setup();
    const body = pressBody();
    const response = await post(http, body, slackSignatureHeaders(SECRET, body, secondsFromNow(offset)));
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ error: 'invalid_signature', reason });
    expect(await store.deliveries.countByStatus()).toEqual({});
    expect(inbound.handleSlackScore).not.toHaveBeenCalled();
    expect(logs.lines).toContainEqual(
      expect.objectContaining({ level: 40, reason, hint: expect.stringMatching(/clock/) }),
    );
  });

  it('accepts one dated four minutes either way (clocks drift)', async () => {
    const { http } = await setup();
    for (const offset of [4 * 60, -4 * 60]) {
      const payload = loadFixture<Record<string, unknown>>(PRESS);
      payload.trigger_id = `trigger-${offset}`; // two presses, not one replayed
      const body = interactivityBody(payload);
      expect((await post(http, body, slackSignatureHeaders(SECRET, body, secondsFromNow(offset)))).status).toBe(200);
    }
  });

  it('never logs the signing secret, the signature or what the customer typed', async () => {
    const { http, logs, updates } = await setup();
    const body = interactivityBody(loadFixture('interactivity/block-actions-verbatim-input.json'));
    const headers = slackSignatureHeaders(SECRET, body);
    await post(http, body, headers);
    await post(http, body, slackSignatureHeaders('not-the-signing-secret', body));
    await vi.waitFor(() => expect(updates).toHaveLength(1));
    const text = logs.text();
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(headers['X-Slack-Signature'].slice(3));
    expect(text).not.toContain('explain the problem three times');
  });
});

describe('POST /slack/events: one press, one stored delivery', () => {
  it('stores a press before handling it and marks it done', async () => {
    const { http, store, updates } = await setup();
    const body = pressBody();
    expect((await post(http, body, slackSignatureHeaders(SECRET, body))).status).toBe(200);
    await vi.waitFor(async () => expect(await store.deliveries.countByStatus()).toEqual({ done: 1 }));
    expect(updates).toHaveLength(1);
  });

  it('a replayed request (same body, same signature) is stored once and handled once', async () => {
    const { http, inbound, store, updates } = await setup();
    const body = pressBody();
    const headers = slackSignatureHeaders(SECRET, body);
    expect((await post(http, body, headers)).status).toBe(200);
    expect((await post(http, body, headers)).status).toBe(200);
    await vi.waitFor(async () => expect(await store.deliveries.countByStatus()).toEqual({ done: 1 }));
    expect(inbound.handleSlackScore).toHaveBeenCalledTimes(1);
    expect(updates).toHaveLength(1);
  });

  it('/effort is stored before it is answered, then marked done', async () => {
    const { http, store, alerts } = await setup();
    const body = readFixtureText('commands/effort-billing.json');
    const form = new URLSearchParams(JSON.parse(body) as Record<string, string>).toString();
    const response = await post(http, form, slackSignatureHeaders(SECRET, form));
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ response_type: 'ephemeral', text: 'No team called "billing".' });
    expect(alerts.effortSummary).toHaveBeenCalledWith('billing');
    await vi.waitFor(async () => expect(await store.deliveries.countByStatus()).toEqual({ done: 1 }));
  });
});

describe('POST /slack/events: signed but malformed bodies answer 400 and store nothing', () => {
  const cases: Array<[string, string, string]> = [
    ['a body that is neither form-encoded nor JSON', 'payload=%7B%7D', 'text/plain'],
    ['a form with neither payload nor command', 'hello=world', FORM],
    ['a payload that is not JSON', 'payload=%7Bnot-json', FORM],
    ['a payload without a type', interactivityBody({ actions: [] }), FORM],
    [
      'a block_actions payload without actions',
      interactivityBody({ type: 'block_actions', user: { id: 'W012A3CDE' }, actions: [] }),
      FORM,
    ],
    ['a payload of an unknown type', interactivityBody({ type: 'something_else' }), FORM],
    ['an Events API body that is not JSON', '{"type": "event_callback"', 'application/json'],
    ['an Events API body of an unknown shape', JSON.stringify({ type: 'event_callback' }), 'application/json'],
  ];
  it.each(cases)('%s', async (_case, body, contentType) => {
    const { http, store, logs } = await setup();
    const response = await post(http, body, slackSignatureHeaders(SECRET, body), contentType);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: 'malformed_body' });
    expect(await store.deliveries.countByStatus()).toEqual({});
    expect(logs.lines).toContainEqual(
      expect.objectContaining({ msg: 'Slack request body is not one Slack sends; answered 400' }),
    );
  });
});

describe('POST /slack/events: what this app does not use is acknowledged, not stored', () => {
  it.each([
    [
      'a modal submission',
      interactivityBody({ type: 'view_submission', user: { id: 'W012A3CDE' }, view: { id: 'V0' } }),
    ],
    ["Slack's certificate check", 'ssl_check=1&token=Shh_its_a_seekrit'],
  ])('%s: 200', async (_case, body) => {
    const { http, store } = await setup();
    expect((await post(http, body, slackSignatureHeaders(SECRET, body))).status).toBe(200);
    expect(await store.deliveries.countByStatus()).toEqual({});
  });
});

describe('a press whose handling fails is replayed by the inbox worker', () => {
  it('is stored, answered 200, left for the worker, and the worker records it and redraws', async () => {
    const handleSlackScore = vi
      .fn<(input: { surveyId: number; score: number; slackUserId: string }) => Promise<SlackSurveyView | null>>()
      .mockRejectedValueOnce(new Error('database is locked'))
      .mockResolvedValue(answeredLow());
    const { http, store, updates, logs, runWorkerOnce } = await setup(fakeInbound({ handleSlackScore }));
    const body = pressBody();

    expect((await post(http, body, slackSignatureHeaders(SECRET, body))).status).toBe(200);
    await vi.waitFor(() => expect(logs.lines.find((line) => line.msg === 'slack listener failed')).toBeDefined());
    await vi.waitFor(async () => expect(await store.deliveries.countByStatus()).toEqual({ pending: 1 }));
    expect(updates).toEqual([]);

    expect(await runWorkerOnce()).toBe(true);
    expect(handleSlackScore).toHaveBeenCalledTimes(2);
    expect(handleSlackScore).toHaveBeenLastCalledWith({ surveyId: 42, score: 2, slackUserId: 'W012A3CDE' });
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({
      channel: 'D069C7QFK',
      ts: '1503435956.000247',
      text: 'You chose 2. Thanks for telling us.',
    });
    expect(await store.deliveries.countByStatus()).toEqual({ done: 1 });
  });

  it('a press still being handled inline is not taken by the worker before its grace period', async () => {
    let release: (view: SlackSurveyView) => void = () => undefined;
    const handleSlackScore = vi.fn(() => new Promise<SlackSurveyView>((resolve) => (release = resolve)));
    const { http, store, runWorkerOnce } = await setup(fakeInbound({ handleSlackScore }));
    const body = pressBody();
    expect((await post(http, body, slackSignatureHeaders(SECRET, body))).status).toBe(200);
    expect(await runWorkerOnce()).toBe(false);
    release(answeredLow());
    await vi.waitFor(async () => expect(await store.deliveries.countByStatus()).toEqual({ done: 1 }));
    expect(handleSlackScore).toHaveBeenCalledTimes(1);
  });
});
