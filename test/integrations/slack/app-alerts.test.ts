import { fileURLToPath } from 'node:url';
import type express from 'express';
import nock from 'nock';
import request from 'supertest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderAlertMessage, renderEffortSummary } from '../../../integrations/slack/alert-blocks.js';
import type { SlackBlock } from '../../../integrations/slack/survey-blocks.js';
import type { EffortSummaryView, MetricAlertView } from '../../../src/domain/alerts/alert-view.js';
import type { AlertInbound } from '../../../src/ports/alert-channel.js';
import type { Store } from '../../../src/ports/store.js';
import type { SurveyInbound } from '../../../src/ports/survey-channels.js';
import { validateAgainstSpec } from '../../support/openapi.js';
import { loadFixture } from './load-fixture.js';
import { mountSlackApp, SLACK_TEST_API, SLACK_TEST_SECRET } from './mount-slack-app.js';
import { interactivityBody, slackSignatureHeaders } from './sign-slack-request.js';

const SPEC = fileURLToPath(new URL('../../specs/slack_web_openapi_v2.json', import.meta.url));
const SECRET = SLACK_TEST_SECRET;
const API = SLACK_TEST_API;
const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };
const PRESS = 'interactivity/block-actions-alert-acknowledge.json';

type Json = Record<string, unknown>;

const views = () => loadFixture<{ metric: MetricAlertView; summary: EffortSummaryView }>('alerts/alert-views.json');
const acknowledgedView = (): MetricAlertView => ({
  ...views().metric,
  status: 'acknowledged',
  acknowledgedBy: 'W012A3CDE',
});

function fakeAlerts(overrides: Partial<AlertInbound> = {}): AlertInbound {
  return {
    acknowledge: vi.fn(async () => ({ type: 'metric' as const, view: acknowledgedView() })),
    effortSummary: vi.fn(async () => ({ ok: true as const, view: views().summary })),
    ...overrides,
  };
}

const surveysUnused = (): SurveyInbound => ({
  handleSmsReply: vi.fn(),
  handleSmsStatus: vi.fn(),
  handleSlackScore: vi.fn(),
  handleSlackVerbatim: vi.fn(),
  handleMessagingReply: vi.fn(),
});

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

async function setup(alerts: AlertInbound = fakeAlerts(), extra: { effortCommandDeadlineMs?: number } = {}) {
  const mounted = await mountSlackApp({ inbound: surveysUnused(), alerts, ...extra });
  store = mounted.store;
  const { http, logs } = mounted;

  // chat.update answers with the alert fixture, checked against the spec first (its echoed
  // message.blocks aside: an array in Slack's answers, an object in the 2021 spec; see fixtures.test.ts).
  const updated = loadFixture<Json & { message: Json }>('web-api/chat-update-alert.json');
  expect(Array.isArray(updated.message.blocks)).toBe(true);
  const { blocks: _echoed, ...messageWithoutBlocks } = updated.message;
  expect(
    validateAgainstSpec(SPEC, {
      method: 'POST',
      path: '/api/chat.update',
      status: 200,
      body: { ...updated, message: messageWithoutBlocks },
    }),
  ).toEqual([]);
  const updates: Array<Record<string, string>> = [];
  nock(API)
    .post('/api/chat.update')
    .times(5)
    .reply((_uri, body) => {
      updates.push(Object.fromEntries(new URLSearchParams(String(body))));
      return [200, updated, { 'Content-Type': 'application/json; charset=utf-8' }];
    });
  return { http, alerts, logs, updates, store };
}

function post(http: express.Express, body: string, headers: Record<string, string>) {
  return request(http).post('/slack/events').set(FORM).set(headers).send(body);
}

const pressAcknowledge = (http: express.Express, payload: unknown = loadFixture(PRESS)) => {
  const body = interactivityBody(payload);
  return post(http, body, slackSignatureHeaders(SECRET, body));
};

/** A slash command arrives as plain form fields (no `payload` wrapper), signed like everything else. */
function commandBody(text: string): string {
  return new URLSearchParams({
    ...loadFixture<Record<string, string>>('commands/effort-billing.json'),
    text,
  }).toString();
}

const runCommand = (http: express.Express, text: string) => {
  const body = commandBody(text);
  return post(http, body, slackSignatureHeaders(SECRET, body));
};

describe('the pressed message is one we drew', () => {
  it('the fixture carries our open alert and our Acknowledge button', () => {
    const press = loadFixture<{ actions: Json[]; message: { blocks: SlackBlock[] } }>(PRESS);
    const ours = renderAlertMessage({ type: 'metric', view: views().metric }).blocks;
    const withoutSlackIds = press.message.blocks.map(({ block_id, ...rest }) =>
      String(block_id).startsWith('effortless_') ? { block_id, ...rest } : rest,
    );
    expect(withoutSlackIds).toEqual(ours);
    const button = ours.find((b) => b.type === 'actions')?.elements as Json[];
    expect(button).toContainEqual(
      expect.objectContaining({ action_id: press.actions[0]?.action_id, value: press.actions[0]?.value }),
    );
  });
});

describe('POST /slack/events: the Acknowledge button', () => {
  it('acks 200, records who acknowledged which alert, and redraws without the button', async () => {
    const { http, alerts, updates } = await setup();
    expect((await pressAcknowledge(http)).status).toBe(200);
    await vi.waitFor(() => expect(updates).toHaveLength(1));
    expect(alerts.acknowledge).toHaveBeenCalledWith({ alertId: 7, slackUserId: 'W012A3CDE' });
    const redrawn = renderAlertMessage({ type: 'metric', view: acknowledgedView() });
    expect(updates[0]).toMatchObject({ channel: 'C0EFFLEADS', ts: '1712577600.000100', text: redrawn.text });
    expect(JSON.parse(updates[0]?.blocks ?? '[]')).toEqual(redrawn.blocks);
    expect(updates[0]?.blocks).toContain('Acknowledged by <@W012A3CDE>');
    expect(updates[0]?.blocks).not.toContain('alert_acknowledge');
  });

  it('acks before the alert service answers', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const alerts = fakeAlerts({
      acknowledge: vi.fn(async () => {
        await gate;
        return { type: 'metric' as const, view: acknowledgedView() };
      }),
    });
    const { http, updates } = await setup(alerts);
    const started = Date.now();
    expect((await pressAcknowledge(http)).status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(updates).toEqual([]);
    release();
    await vi.waitFor(() => expect(updates).toHaveLength(1));
  });

  it('leaves the message alone for an alert the service no longer knows', async () => {
    const { http, logs, updates } = await setup(fakeAlerts({ acknowledge: vi.fn(async () => null) }));
    expect((await pressAcknowledge(http)).status).toBe(200);
    await vi.waitFor(() => expect(logs.text()).toContain('acknowledge for an unknown alert'));
    expect(updates).toEqual([]);
  });

  it('ignores a button value it did not write', async () => {
    const { http, alerts, logs } = await setup();
    const payload = loadFixture<{ actions: Json[] }>(PRESS);
    payload.actions[0] = { ...payload.actions[0], value: 'seven' };
    expect((await pressAcknowledge(http, payload)).status).toBe(200);
    await vi.waitFor(() => expect(logs.text()).toContain('acknowledge button with an unexpected value ignored'));
    expect(alerts.acknowledge).not.toHaveBeenCalled();
  });

  it('refuses a bad signature with 401 and does not acknowledge', async () => {
    const { http, alerts, updates } = await setup();
    const body = interactivityBody(loadFixture(PRESS));
    expect((await post(http, body, slackSignatureHeaders('not-the-signing-secret', body))).status).toBe(401);
    expect(alerts.acknowledge).not.toHaveBeenCalled();
    expect(updates).toEqual([]);
  });
});

describe('POST /slack/events: /effort', () => {
  it('answers within 3 s with the ephemeral figures for the team typed after the command', async () => {
    const { http, alerts } = await setup();
    const started = Date.now();
    const response = await runCommand(http, 'billing');
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(response.status).toBe(200);
    expect(alerts.effortSummary).toHaveBeenCalledWith('billing');
    const { text, blocks } = renderEffortSummary(views().summary);
    expect(response.body).toEqual({ response_type: 'ephemeral', text, blocks });
  });

  it('passes an empty text for everything', async () => {
    const { http, alerts } = await setup();
    expect((await runCommand(http, '')).status).toBe(200);
    expect(alerts.effortSummary).toHaveBeenCalledWith('');
  });

  it("answers the service's message for an unknown team", async () => {
    const message = 'No team matches "nosuchteam". Try a team name or group id, e.g. /effort billing.';
    const alerts = fakeAlerts({ effortSummary: vi.fn(async () => ({ ok: false as const, message })) });
    const { http } = await setup(alerts);
    const response = await runCommand(http, 'nosuchteam');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ response_type: 'ephemeral', text: message });
    expect(alerts.effortSummary).toHaveBeenCalledWith('nosuchteam');
  });

  it('escapes what the user typed when the service repeats it', async () => {
    const alerts = fakeAlerts({
      effortSummary: vi.fn(async (text: string) => ({ ok: false as const, message: `No team matches "${text}".` })),
    });
    const { http } = await setup(alerts);
    const response = await runCommand(http, '<!channel> & co');
    expect(response.body).toEqual({ response_type: 'ephemeral', text: 'No team matches "&lt;!channel&gt; &amp; co".' });
  });

  it('apologises and logs when the figures fail', async () => {
    const alerts = fakeAlerts({ effortSummary: vi.fn(async () => Promise.reject(new Error('database is locked'))) });
    const { http, logs } = await setup(alerts);
    const response = await runCommand(http, 'billing');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      response_type: 'ephemeral',
      text: expect.stringMatching(/^Sorry, the effort figures are not available/),
    });
    expect(logs.lines).toContainEqual(
      expect.objectContaining({
        msg: 'slack /effort failed',
        err: expect.objectContaining({ message: 'database is locked' }),
      }),
    );
  });

  it('answers "try again" rather than miss Slack\'s deadline when the figures are slow', async () => {
    const alerts = fakeAlerts({ effortSummary: vi.fn(() => new Promise<never>(() => undefined)) });
    const { http, logs } = await setup(alerts, { effortCommandDeadlineMs: 100 });
    const started = Date.now();
    const response = await runCommand(http, 'billing');
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(response.body).toEqual({
      response_type: 'ephemeral',
      text: expect.stringMatching(/taking longer than usual/),
    });
    expect(logs.text()).toContain('missed the deadline');
  });

  it('refuses a bad signature with 401 and asks for nothing', async () => {
    const { http, alerts } = await setup();
    const body = commandBody('billing');
    expect((await post(http, body, slackSignatureHeaders('not-the-signing-secret', body))).status).toBe(401);
    expect(alerts.effortSummary).not.toHaveBeenCalled();
  });
});
