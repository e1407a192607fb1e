import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signZendeskPayload } from '../../integrations/zendesk/verify.js';
import { createZendeskWebhookHandler } from '../../integrations/zendesk/webhook.js';
import { createHttpApp } from '../../src/http/create-app.js';
import { createMetrics } from '../../src/metrics.js';
import type { Store } from '../../src/ports/store.js';
import { readFixtureText } from '../integrations/zendesk/load-fixture.js';
import { captureLogs } from '../support/capture-logs.js';
import { openTestStore } from '../support/store.js';

// Zendesk's documented test signing secret.
const SECRET = 'dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==';
const NOW = new Date('2025-03-03T11:20:30Z');
const TIMESTAMP = '2025-03-03T11:20:01Z';

let store: Store;
let logs: ReturnType<typeof captureLogs>;
let app: ReturnType<typeof createHttpApp>;
let woken = 0;

function build(secret: string | null) {
  const metrics = createMetrics({ collectDefaults: false });
  return createHttpApp({
    store,
    logger: logs.logger,
    metrics,
    dashboardToken: null,
    zendeskWebhook: createZendeskWebhookHandler({
      secret,
      inbox: store.deliveries,
      clock: { now: () => NOW },
      logger: logs.logger,
      metrics,
      onStored: () => woken++,
    }),
  });
}

beforeEach(async () => {
  store = await openTestStore();
  logs = captureLogs();
  woken = 0;
  app = build(SECRET);
});
afterEach(async () => {
  await store.close();
});

function post(body: string, headers: Record<string, string | undefined>) {
  const req = request(app).post('/webhooks/zendesk').set('Content-Type', 'application/json');
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) req.set(name, value);
  return req.send(body);
}

const signed = (body: string, timestamp = TIMESTAMP, secret = SECRET) => ({
  'X-Zendesk-Webhook-Signature': signZendeskPayload(secret, timestamp, body),
  'X-Zendesk-Webhook-Signature-Timestamp': timestamp,
});

const solved = readFixtureText('webhooks/ticket-status-changed-solved.json');

describe('POST /webhooks/zendesk', () => {
  it('stores a signed delivery and answers 200', async () => {
    const res = await post(solved, signed(solved));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'stored' });
    expect(await store.deliveries.countByStatus()).toEqual({ pending: 1 });
    const stored = await store.deliveries.claimNext(NOW, 1000);
    expect(stored?.rawBody).toBe(solved);
    expect(stored?.deliveryId).toBe('event:9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f');
    expect(woken).toBe(1);
  });

  it('stores a retried delivery once', async () => {
    await post(solved, signed(solved));
    const retry = await post(solved, signed(solved, '2025-03-03T11:20:20Z'));
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual({ status: 'duplicate' });
    expect(await store.deliveries.countByStatus()).toEqual({ pending: 1 });
    expect(woken).toBe(1);
  });

  it.each([
    ['a wrong secret', () => signed(solved, TIMESTAMP, 'another-secret'), 'mismatch'],
    ['a stale timestamp', () => signed(solved, '2025-03-03T11:14:00Z'), 'stale'],
    ['no signature', () => ({ 'X-Zendesk-Webhook-Signature-Timestamp': TIMESTAMP }), 'missing'],
    ['no headers at all', () => ({}), 'missing'],
  ])('refuses %s with 401, stores nothing and tells the operator what to check', async (_name, headers, reason) => {
    const res = await post(solved, headers());
    expect(res.status).toBe(401);
    expect(res.body.reason).toBe(reason);
    expect(await store.deliveries.countByStatus()).toEqual({});
    const line = logs.lines.find((l) => String(l.msg).startsWith('Zendesk webhook signature rejected'));
    expect(line?.reason).toBe(reason);
    expect(logs.text()).not.toContain(SECRET);
  });

  it('refuses a body changed after signing', async () => {
    const res = await post(solved.replace('"501"', '"502"'), signed(solved));
    expect(res.status).toBe(401);
  });

  it('answers 400 to a signed body that is not JSON, and stores nothing', async () => {
    const body = '{"type": "zen:event-type:ticket.status_changed",';
    const res = await post(body, signed(body));
    expect(res.status).toBe(400);
    expect(await store.deliveries.countByStatus()).toEqual({});
  });

  it('answers 400 to signed JSON that is no Zendesk payload', async () => {
    const body = JSON.stringify({ hello: 'world' });
    const res = await post(body, signed(body));
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('malformed_body');
  });

  it('keeps an unknown event type and answers 200', async () => {
    const body = readFixtureText('webhooks/user-active-changed.json');
    const res = await post(body, signed(body));
    expect(res.status).toBe(200);
    const stored = await store.deliveries.claimNext(NOW, 1000);
    expect(stored?.eventType).toMatch(/^ignored:/);
  });

  it('dedupes trigger bodies by the webhook invocation id', async () => {
    const body = readFixtureText('webhooks/trigger-body.json');
    const headers = {
      ...signed(body),
      'X-Zendesk-Webhook-Id': '01F1',
      'X-Zendesk-Webhook-Invocation-Id': '8350205582',
    };
    expect((await post(body, headers)).body).toEqual({ status: 'stored' });
    expect((await post(body, headers)).body).toEqual({ status: 'duplicate' });
    const next = { ...headers, 'X-Zendesk-Webhook-Invocation-Id': '8350205583' };
    expect((await post(body, next)).body).toEqual({ status: 'stored' });
  });

  it('answers 503 while no webhook secret is configured', async () => {
    app = build(null);
    const res = await post(solved, signed(solved));
    expect(res.status).toBe(503);
    expect(await store.deliveries.countByStatus()).toEqual({});
  });
});
