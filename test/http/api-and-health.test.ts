import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../src/http/create-app.js';
import { createLogger } from '../../src/logger.js';
import { createMetrics } from '../../src/metrics.js';
import type { Store } from '../../src/ports/store.js';
import { CONTRACT_DRIVERS } from '../support/contract-drivers.js';
import { openTestStore } from '../support/store.js';

const TOKEN = 'lead-dashboard-token-0123';
let store: Store;

function app(dashboardToken: string | null = TOKEN) {
  return createHttpApp({
    store,
    logger: createLogger({ level: 'silent' }),
    metrics: createMetrics({ collectDefaults: false }),
    dashboardToken,
    zendeskWebhook: (_req, res) => void res.sendStatus(204),
  });
}

beforeEach(async () => {
  store = await openTestStore();
});
afterEach(async () => {
  await store.close();
});

async function seedTicket501() {
  const at = (h: number, m = 0) => new Date(Date.UTC(2025, 2, 3, h, m));
  await store.tickets.upsertTicket(
    {
      id: 501,
      requesterId: 9001,
      status: 'solved',
      groupId: 2,
      assigneeId: 7,
      channel: 'email',
      tags: [],
      formId: null,
      type: null,
      subject: 'x',
      createdAt: at(9),
      updatedAt: at(13, 50),
    },
    at(14),
  );
  await store.tickets.saveEffort(
    501,
    {
      ticketId: 501,
      requesterId: 9001,
      createdAt: at(9),
      touches: [
        { auditId: 1, at: at(9), actor: 'customer', authorId: 9001, channel: 'email', public: true },
        { auditId: 2, at: at(10), actor: 'customer', authorId: 9001, channel: 'voice', public: true },
      ],
      assignments: [{ auditId: 3, at: at(9, 30), kind: 'group', from: 1, to: 2 }],
      statusChanges: [{ auditId: 4, at: at(13, 50), from: 'open', to: 'solved' }],
    },
    CONTRACT_DRIVERS,
    {
      index: 62,
      level: 'medium',
      contributions: [{ driver: 'channelSwitches', points: 24, detail: '2 channel switches x 12' }],
    },
    at(14),
  );
}

describe('health and metrics', () => {
  it('answers liveness and readiness', async () => {
    expect((await request(app()).get('/healthz')).status).toBe(200);
    const ready = await request(app()).get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ready', database: 'migrated' });
  });

  it('is not ready once the database is closed', async () => {
    const server = app();
    await store.close();
    expect((await request(server).get('/readyz')).status).toBe(503);
    store = await openTestStore();
  });

  it('exposes request and queue counters to Prometheus', async () => {
    const server = app();
    for (const deliveryId of ['processed', 'waiting']) {
      await store.deliveries.add({
        provider: 'zendesk',
        deliveryId,
        eventType: null,
        rawBody: '{}',
        receivedAt: new Date(),
      });
    }
    const processed = await store.deliveries.claimNext(new Date(), 30_000);
    await store.deliveries.markDone(processed?.id ?? -1, 'done', new Date());
    await request(server).get('/healthz');
    const res = await request(server).get('/metrics');
    expect(res.status).toBe(200);
    expect(res.text).toContain('effortless_http_requests_total{method="GET",route="/healthz",status="200"} 1');
    expect(res.text).toContain('effortless_queue_depth{queue="inbox",status="pending"} 1');
    // Processed rows are not queue depth: kept until retention, counted by the _total counters.
    expect(res.text).not.toContain('effortless_queue_depth{queue="inbox",status="done"}');
  });
});

describe('GET /api/tickets/:id/effort', () => {
  it('answers 403 while no dashboard token is configured', async () => {
    const res = await request(app(null)).get('/api/tickets/501/effort').set('Authorization', `Bearer ${TOKEN}`);
    expect(res.status).toBe(403);
  });

  it.each([undefined, 'Bearer wrong-token-wrong-token', `Basic ${TOKEN}`])(
    'answers 401 to authorization %s',
    async (header) => {
      const req = request(app()).get('/api/tickets/501/effort');
      if (header) req.set('Authorization', header);
      const res = await req;
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    },
  );

  it('returns the shape of docs/contract.md with the timeline summary', async () => {
    await seedTicket501();
    const res = await request(app()).get('/api/tickets/501/effort').set('Authorization', `Bearer ${TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      ticketId: 501,
      effortIndex: 62,
      effortLevel: 'medium',
      drivers: {
        channelSwitches: 2,
        teamHandoffs: 2,
        agentHandoffs: 1,
        reopens: 0,
        customerContacts: 3,
        repeatContact: false,
        firstContactResolution: false,
        resolutionMinutes: 290,
      },
      survey: null,
      timeline: { customerChannels: ['email', 'voice'], customerTouches: 2, agentTouches: 0 },
    });
    expect(res.body.timeline.events.map((e: { type: string }) => e.type)).toEqual([
      'customer_touch',
      'group_changed',
      'customer_touch',
      'status_changed',
    ]);
  });

  it('answers 404 for an unknown ticket and 400 for a bad id', async () => {
    const auth = `Bearer ${TOKEN}`;
    expect((await request(app()).get('/api/tickets/999/effort').set('Authorization', auth)).status).toBe(404);
    expect((await request(app()).get('/api/tickets/abc/effort').set('Authorization', auth)).status).toBe(400);
  });
});
