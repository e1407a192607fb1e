import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EffortDrivers } from '../../src/domain/drivers.js';
import { createHttpApp } from '../../src/http/create-app.js';
import { createLogger } from '../../src/logger.js';
import { createMetrics } from '../../src/metrics.js';
import type { Store } from '../../src/ports/store.js';
import { NO_DRIVERS } from '../support/report-cases.js';
import { answeredSurvey, storeTicketEffort } from '../support/seed-ticket.js';
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
const syncOpenTicket = (drivers: EffortDrivers, syncedAt: Date) =>
  storeTicketEffort(store, { id: 777, status: 'open', drivers, createdAt, syncedAt });

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
    await store.surveys.upsertForTicket(answeredSurvey(777, createdAt, { score: 2, language: 'nl' }), createdAt);
    expect((await get()).body.survey).toMatchObject({ kind: 'CES', status: 'answered', score: 2, scaleMax: 7 });
  });
});

describe('GET /api/tickets/:id/effort asks for live drivers first', () => {
  it('lets the refresher read a changed open ticket before it answers, even one never scored', async () => {
    const asked: number[] = [];
    const withRefresh = createHttpApp({
      store,
      logger: createLogger({ level: 'silent' }),
      metrics: createMetrics({ collectDefaults: false }),
      dashboardToken: TOKEN,
      zendeskWebhook: (_req, res) => void res.sendStatus(204),
      refreshOpenTicket: async (ticketId) => {
        asked.push(ticketId);
        await syncOpenTicket({ ...NO_DRIVERS, teamHandoffs: 1 }, new Date('2026-11-30T10:00:00Z'));
      },
    });
    const res = await request(withRefresh).get('/api/tickets/777/effort').set('Authorization', `Bearer ${TOKEN}`);
    expect(asked).toEqual([777]);
    expect(res.status).toBe(200);
    expect(res.body.drivers.teamHandoffs).toBe(1);
  });
});
