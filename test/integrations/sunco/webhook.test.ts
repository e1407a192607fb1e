import request from 'supertest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSuncoDeliveryHandler } from '../../../integrations/sunco/handle-delivery.js';
import { createSuncoWebhook } from '../../../integrations/sunco/webhook.js';
import { createHttpApp } from '../../../src/http/create-app.js';
import { createMetrics } from '../../../src/metrics.js';
import type { Store } from '../../../src/ports/store.js';
import { captureLogs } from '../../support/capture-logs.js';
import { openTestStore } from '../../support/store.js';
import { CONVERSATION, readSuncoFixture, WEBHOOK_SECRET } from './support.js';

const NOW = new Date('2025-03-04T09:10:00Z');
const PATH = '/webhooks/sunco';

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

/** The service's HTTP app with only the Conversations webhook wired, on a fresh database. */
async function app(secret: string | null = WEBHOOK_SECRET) {
  store = await openTestStore();
  const logs = captureLogs();
  const metrics = createMetrics({ collectDefaults: false });
  const onStored = vi.fn();
  const suncoWebhook = createSuncoWebhook({
    secret,
    inbox: store.deliveries,
    clock: { now: () => NOW },
    logger: logs.logger,
    metrics,
    onStored,
  });
  const http = createHttpApp({
    store,
    logger: logs.logger,
    metrics,
    dashboardToken: null,
    zendeskWebhook: (_req, res) => void res.status(500).end(),
    suncoWebhook,
  });
  const stored = async () => (await store!.deliveries.countByStatus()).pending ?? 0;
  return { http, logs, onStored, stored };
}

const post = (http: Parameters<typeof request>[0], body: string, key: string | null = WEBHOOK_SECRET) => {
  const call = request(http).post(PATH).set('Content-Type', 'application/json');
  return (key === null ? call : call.set('X-API-Key', key)).send(body);
};

describe('POST /webhooks/sunco', () => {
  it('stores a customer message and a postback once each, acknowledges, and wakes the worker', async () => {
    const { http, onStored, stored } = await app();
    const reply = await post(http, readSuncoFixture('webhook/conversation-message-reply-button.json'));
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ stored: 1 });
    expect((await post(http, readSuncoFixture('webhook/conversation-postback.json'))).body).toEqual({ stored: 1 });
    // Conversations retries for 15 minutes: the same message id is stored once.
    expect((await post(http, readSuncoFixture('webhook/conversation-message-reply-button.json'))).body).toEqual({
      stored: 0,
    });
    expect(await stored()).toBe(2);
    expect(onStored).toHaveBeenCalledTimes(2);
    const claimed = await store!.deliveries.claimNext(NOW, 30_000);
    expect(claimed).toMatchObject({
      provider: 'sunco',
      deliveryId: '5f74c7d84a146f3abd72af1d',
      eventType: 'conversation:message',
      orderingKey: `conversation:${CONVERSATION}`,
    });
  });

  it('acknowledges our own and the agents’ messages without storing them', async () => {
    const { http, stored } = await app();
    const answer = await post(http, readSuncoFixture('webhook/conversation-message-business.json'));
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ stored: 0 });
    expect(await stored()).toBe(0);
  });

  it.each([
    { name: 'a wrong key', key: 'not-the-secret' },
    { name: 'the secret with a suffix', key: `${WEBHOOK_SECRET}x` },
    { name: 'no key', key: null },
  ])('refuses $name with 401 and stores nothing', async ({ key }) => {
    const { http, logs, stored } = await app();
    const answer = await post(http, readSuncoFixture('webhook/conversation-postback.json'), key);
    expect(answer.status).toBe(401);
    expect(await stored()).toBe(0);
    expect(logs.text()).not.toContain(WEBHOOK_SECRET);
  });

  it('refuses a body that is not a webhook payload with 400, nothing stored', async () => {
    const { http, stored } = await app();
    expect((await post(http, '{"events": "none"}')).status).toBe(400);
    expect((await post(http, 'not json')).status).toBe(400);
    expect(await stored()).toBe(0);
  });

  it('stops reading a body over the limit (413), and never reads one without the key', async () => {
    const { http, stored } = await app();
    const huge = JSON.stringify({ events: [], padding: 'x'.repeat(1_100_000) });
    expect((await post(http, huge)).status).toBe(413);
    expect((await post(http, huge, 'wrong')).status).toBe(401);
    expect(await stored()).toBe(0);
  });

  it('answers 503 while Conversations is not configured', async () => {
    const { http } = await app(null);
    expect((await post(http, readSuncoFixture('webhook/conversation-postback.json'))).status).toBe(503);
  });
});

describe('stored Conversations events', () => {
  it('become answers for the survey service; other events are ignored', async () => {
    const handleMessagingReply = vi.fn(async () => undefined);
    const handler = createSuncoDeliveryHandler({
      inbound: { handleMessagingReply } as never,
    });
    const delivery = (raw: string) => ({
      id: 1,
      deliveryId: 'd',
      provider: 'sunco',
      eventType: null,
      rawBody: raw,
      receivedAt: NOW,
      attempts: 1,
      failures: 0,
      retryFrom: NOW,
    });
    const [event] = JSON.parse(readSuncoFixture('webhook/conversation-postback.json')).events;
    const log = captureLogs().logger;
    expect(await handler(delivery(JSON.stringify(event)), log)).toBe('done');
    expect(handleMessagingReply).toHaveBeenCalledWith({
      eventId: '5f74a0d52b5315fc007e798a',
      type: 'conversation:postback',
      conversationId: CONVERSATION,
      text: null,
      payload: 'effortless:1:6',
      receivedAt: NOW,
    });
    const [business] = JSON.parse(readSuncoFixture('webhook/conversation-message-business.json')).events;
    expect(await handler(delivery(JSON.stringify(business)), log)).toBe('ignored');
    await expect(handler(delivery('{'), log)).rejects.toThrow(/not JSON/);
  });
});
