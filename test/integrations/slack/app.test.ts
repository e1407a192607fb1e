import type express from 'express';
import nock from 'nock';
import request from 'supertest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SIGNATURE_HINT } from '../../../integrations/slack/verify.js';
import type { SlackSurveyView } from '../../../src/domain/survey/survey.js';
import type { Store } from '../../../src/ports/store.js';
import type { SurveyInbound } from '../../../src/ports/survey-channels.js';
import { loadFixture } from './load-fixture.js';
import { mountSlackApp, SLACK_TEST_API, SLACK_TEST_SECRET } from './mount-slack-app.js';
import { interactivityBody, slackSignatureHeaders } from './sign-slack-request.js';
import { answeredLow } from './survey-views.js';

const SECRET = SLACK_TEST_SECRET;
const API = SLACK_TEST_API;
const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };

type Json = Record<string, unknown>;

function fakeInbound(overrides: Partial<SurveyInbound> = {}): SurveyInbound {
  return {
    handleSmsReply: vi.fn(async () => ({ reply: null })),
    handleSmsStatus: vi.fn(async () => undefined),
    handleMessagingReply: vi.fn(async () => undefined),
    handleSlackScore: vi.fn(async () => answeredLow()),
    handleSlackVerbatim: vi.fn(async () => ({ ...answeredLow(), verbatimThanks: 'Thanks, we read every answer.' })),
    ...overrides,
  };
}

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

async function setup(inbound: SurveyInbound = fakeInbound()) {
  const mounted = await mountSlackApp({ inbound });
  store = mounted.store;
  const { http, logs, slack } = mounted;
  // chat.update calls land here; the form fields are decoded for assertions.
  const updates: Array<Record<string, string>> = [];
  nock(API)
    .post('/api/chat.update')
    .times(5)
    .reply((_uri, body) => {
      updates.push(Object.fromEntries(new URLSearchParams(String(body))));
      return [200, loadFixture('web-api/chat-update.json')];
    });
  return { http, inbound, logs, updates, slack, store };
}

function post(http: express.Express, body: string, headers: Record<string, string>) {
  return request(http).post('/slack/events').set(FORM).set(headers).send(body);
}

const signedPost = (http: express.Express, payload: unknown) => {
  const body = interactivityBody(payload);
  return post(http, body, slackSignatureHeaders(SECRET, body));
};

describe('POST /slack/events: score buttons', () => {
  it('acks at once, before the survey service has answered, then records the score and redraws', async () => {
    let release: (view: SlackSurveyView) => void = () => undefined;
    const pending = new Promise<SlackSurveyView>((resolve) => (release = resolve));
    const inbound = fakeInbound({ handleSlackScore: vi.fn(() => pending) });
    const { http, updates } = await setup(inbound);

    const started = Date.now();
    const response = await signedPost(http, loadFixture('interactivity/block-actions-score-button.json'));
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(updates).toEqual([]); // the 200 went out while the listener still waits

    await vi.waitFor(() =>
      expect(inbound.handleSlackScore).toHaveBeenCalledWith({ surveyId: 42, score: 2, slackUserId: 'W012A3CDE' }),
    );
    release(answeredLow());
    await vi.waitFor(() => expect(updates).toHaveLength(1));
    expect(updates[0]).toMatchObject({
      channel: 'D069C7QFK',
      ts: '1503435956.000247',
      text: 'You chose 2. Thanks for telling us.',
    });
    const blocks = JSON.parse(updates[0]?.blocks ?? '[]') as Json[];
    expect(JSON.stringify(blocks)).toContain('You chose 2');
    expect(blocks.some((block) => block.type === 'actions')).toBe(false);
  });

  it('says the survey is closed when the service no longer knows it', async () => {
    const { http, updates } = await setup(fakeInbound({ handleSlackScore: vi.fn(async () => null) }));
    expect((await signedPost(http, loadFixture('interactivity/block-actions-score-button.json'))).status).toBe(200);
    await vi.waitFor(() => expect(updates).toHaveLength(1));
    expect(updates[0]?.text).toMatch(/no longer open/);
  });

  it('ignores a button whose value it did not write', async () => {
    const { http, inbound, logs } = await setup();
    const payload = loadFixture<{ actions: Json[] }>('interactivity/block-actions-score-button.json');
    payload.actions[0] = { ...payload.actions[0], value: '42:6' }; // action_id says 2
    expect((await signedPost(http, payload)).status).toBe(200);
    await vi.waitFor(() => expect(logs.text()).toContain('unexpected value ignored'));
    expect(inbound.handleSlackScore).not.toHaveBeenCalled();
  });

  it('a failing service is logged by the one error handler; Slack already has its 200', async () => {
    const { http, logs } = await setup(
      fakeInbound({ handleSlackScore: vi.fn(async () => Promise.reject(new Error('database is locked'))) }),
    );
    expect((await signedPost(http, loadFixture('interactivity/block-actions-score-button.json'))).status).toBe(200);
    await vi.waitFor(() => expect(logs.lines.find((l) => l.msg === 'slack listener failed')).toBeDefined());
  });
});

describe('POST /slack/events: the "What made it hard?" input', () => {
  it('records the text and shows the final thanks', async () => {
    const { http, inbound, updates } = await setup();
    expect((await signedPost(http, loadFixture('interactivity/block-actions-verbatim-input.json'))).status).toBe(200);
    await vi.waitFor(() => expect(updates).toHaveLength(1));
    expect(inbound.handleSlackVerbatim).toHaveBeenCalledWith({
      surveyId: 42,
      text: 'I had to explain the problem three times.',
      slackUserId: 'W012A3CDE',
    });
    expect(updates[0]).toMatchObject({ channel: 'D069C7QFK', ts: '1503435956.000247' });
    expect(updates[0]?.blocks).toContain('Thanks, we read every answer.');
    expect(updates[0]?.blocks).not.toContain('plain_text_input');
  });

  it('an empty submit is acked and ignored', async () => {
    const { http, inbound, logs } = await setup();
    const payload = loadFixture<{ actions: Json[] }>('interactivity/block-actions-verbatim-input.json');
    payload.actions[0] = { ...payload.actions[0], value: '   ' };
    expect((await signedPost(http, payload)).status).toBe(200);
    await vi.waitFor(() => expect(logs.text()).toContain('verbatim submit ignored'));
    expect(inbound.handleSlackVerbatim).not.toHaveBeenCalled();
  });
});

describe('POST /slack/events: request signing', () => {
  it('refuses a bad signature with 401, calls nothing, and tells the operator what to check', async () => {
    const { http, inbound, logs, updates } = await setup();
    const body = interactivityBody(loadFixture('interactivity/block-actions-score-button.json'));
    const response = await post(http, body, slackSignatureHeaders('not-the-signing-secret', body));
    expect(response.status).toBe(401);
    expect(inbound.handleSlackScore).not.toHaveBeenCalled();
    expect(updates).toEqual([]);
    expect(logs.lines).toContainEqual(
      expect.objectContaining({ level: 40, hint: SIGNATURE_HINT, msg: expect.stringMatching(/Signature mismatch/) }),
    );
  });

  it('refuses a correctly signed request older than five minutes (replay)', async () => {
    const { http, inbound } = await setup();
    const body = interactivityBody(loadFixture('interactivity/block-actions-score-button.json'));
    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 6 * 60;
    expect((await post(http, body, slackSignatureHeaders(SECRET, body, sixMinutesAgo))).status).toBe(401);
    expect(inbound.handleSlackScore).not.toHaveBeenCalled();
  });

  it('refuses a request without signature headers', async () => {
    const { http } = await setup();
    expect((await post(http, interactivityBody({ type: 'block_actions' }), {})).status).toBe(401);
  });

  it('refuses a body changed after signing', async () => {
    const { http, inbound } = await setup();
    const body = interactivityBody(loadFixture('interactivity/block-actions-score-button.json'));
    const headers = slackSignatureHeaders(SECRET, body);
    expect((await post(http, body.replace('42%3A2', '42%3A7'), headers)).status).toBe(401);
    expect(inbound.handleSlackScore).not.toHaveBeenCalled();
  });
});

describe('POST /slack/events: Events API', () => {
  it('answers the url_verification handshake', async () => {
    const { http } = await setup();
    const body = JSON.stringify({
      token: 'Jhj5dZrVaK7ZwHHjRyZWjbDl',
      challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P',
      type: 'url_verification',
    });
    const response = await request(http)
      .post('/slack/events')
      .set('Content-Type', 'application/json')
      .set(slackSignatureHeaders(SECRET, body))
      .send(body);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' });
  });

  it('acks and skips a retried event delivery (x-slack-retry-num)', async () => {
    const { http, logs } = await setup();
    const body = JSON.stringify({
      type: 'event_callback',
      team_id: 'T012AB3C4',
      api_app_id: 'A02EFFORTLS',
      event: {
        type: 'app_home_opened',
        user: 'W012A3CDE',
        channel: 'D069C7QFK',
        tab: 'messages',
        event_ts: '1503436100.000100',
      },
      event_id: 'Ev0EFFORT01',
      event_time: 1503436100,
    });
    const response = await request(http)
      .post('/slack/events')
      .set('Content-Type', 'application/json')
      .set({ ...slackSignatureHeaders(SECRET, body), 'X-Slack-Retry-Num': '1', 'X-Slack-Retry-Reason': 'http_timeout' })
      .send(body);
    expect(response.status).toBe(200);
    await vi.waitFor(() =>
      expect(logs.lines).toContainEqual(
        expect.objectContaining({ msg: 'slack retry of an event skipped', retryNum: 1 }),
      ),
    );
  });
});

describe('createSlackApp: only our client talks to Slack', () => {
  it('builds no Bolt App (no client of its own, no auth.test at start): just the router', async () => {
    const { slack } = await setup();
    expect(Object.keys(slack)).toEqual(['router']);
    // nock would fail an unexpected call to auth.test (network is off; no interceptor for it).
    expect(nock.pendingMocks()).toEqual(['POST http://slack.test:80/api/chat.update']);
  });
});
