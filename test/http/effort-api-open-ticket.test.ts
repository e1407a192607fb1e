import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EffortDrivers } from '../../src/domain/drivers.js';
import { scoreEffort } from '../../src/domain/effort-index.js';
import { createHttpApp } from '../../src/http/create-app.js';
import { createLogger } from '../../src/logger.js';
import { createMetrics } from '../../src/metrics.js';
import type { Store } from '../../src/ports/store.js';
import { NO_DRIVERS } from '../support/report-cases.js';
import { openTestStore } from '../support/store.js';

const TOKEN = 'sidebar-app-token-0123456';
let store: Store;
beforeEach(async () => {
  store = await openTestStore();
});
afterEach(async () => {
  await store.close();
});

const app = () =>
  createHttpApp({
    store,
    logger: createLogger({ level: 'silent' }),
    metrics: createMetrics({ collectDefaults: false }),
    dashboardToken: TOKEN,
    zendeskWebhook: (_req, res) => void res.sendStatus(204),
  });

const createdAt = new Date('2026-11-30T09:00:00Z');

/** What a sync of the open ticket stores: its snapshot and the drivers counted so far. */
async function syncOpenTicket(drivers: EffortDrivers, syncedAt: Date): Promise<void> {
  await store.tickets.upsertTicket(
    {
      id: 777,
      requesterId: 5,
      status: 'open',
      groupId: 3,
      assigneeId: 8,
      channel: 'email',
      tags: [],
      formId: null,
      type: null,
      subject: 'Where is my refund?',
      createdAt,
      updatedAt: syncedAt,
    },
    syncedAt,
  );
  const timeline = { ticketId: 777, requesterId: 5, createdAt, touches: [], assignments: [], statusChanges: [] };
  await store.tickets.saveEffort(777, timeline, drivers, scoreEffort(drivers), syncedAt);
}

const get = () => request(app()).get('/api/tickets/777/effort').set('Authorization', `Bearer ${TOKEN}`);

describe('GET /api/tickets/:id/effort for a ticket still open', () => {
  it('serves the drivers counted so far, marked open, and each sync shows at once', async () => {
    const soFar = { ...NO_DRIVERS, resolutionMinutes: null, firstContactResolution: false };
    await syncOpenTicket({ ...soFar, teamHandoffs: 1 }, new Date('2026-11-30T10:00:00Z'));
    const first = await get();
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      ticketId: 777,
      status: 'open',
      open: true,
      drivers: { teamHandoffs: 1, resolutionMinutes: null },
      driverLines: ['passed between 2 teams'],
      survey: null,
      syncedAt: '2026-11-30T10:00:00.000Z',
    });

    // A third team and a second channel: the next sync is what the next request shows.
    await syncOpenTicket({ ...soFar, teamHandoffs: 2, channelSwitches: 1 }, new Date('2026-11-30T11:00:00Z'));
    const second = await get();
    expect(second.body.driverLines).toEqual(['switched channel 1 time', 'passed between 3 teams']);
    expect(second.body.effortIndex).toBeGreaterThan(first.body.effortIndex);
    expect(second.body.syncedAt).toBe('2026-11-30T11:00:00.000Z');
  });

  it("a survey's scale comes with its score, so a reader can show 2 / 7", async () => {
    await syncOpenTicket(NO_DRIVERS, createdAt);
    await store.surveys.upsertForTicket(
      {
        ticketId: 777,
        customerId: 5,
        kind: 'CES',
        channel: 'sms',
        status: 'answered',
        skipRule: null,
        skipReason: null,
        language: 'nl',
        address: '+31600000001',
        scheduledFor: null,
        sentAt: createdAt,
        providerMessageId: 'SM1',
        slackChannel: null,
        deliveryStatus: 'delivered',
        deliveryError: null,
        score: 2,
        comment: null,
        verbatim: null,
        answeredAt: createdAt,
        groupId: 3,
        assigneeId: 8,
        effortIndex: 0,
      },
      createdAt,
    );
    expect((await get()).body.survey).toMatchObject({ kind: 'CES', status: 'answered', score: 2, scaleMax: 7 });
  });
});
