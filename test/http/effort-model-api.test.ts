import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEffortModelService } from '../../src/app/effort-model/effort-model-service.js';
import { effortModelView } from '../../src/app/effort-model/effort-model-view.js';
import { DEFAULT_EFFORT_MODEL_SETTINGS } from '../../src/app/effort-model/refit-effort-model.js';
import { ScoringInForce } from '../../src/app/effort-model/scoring-in-force.js';
import { EventBus } from '../../src/app/event-bus.js';
import { DEFAULT_DRIVER_DEFINITIONS } from '../../src/domain/driver-definitions.js';
import { DEFAULT_EFFORT_WEIGHTS } from '../../src/domain/effort-index.js';
import { createHttpApp } from '../../src/http/create-app.js';
import { createLogger } from '../../src/logger.js';
import { createMetrics } from '../../src/metrics.js';
import type { Store } from '../../src/ports/store.js';
import { storeAnsweredCases } from '../support/answered-store.js';
import { openTestStore } from '../support/store.js';

const TOKEN = 'lead-dashboard-token-0123';
const NOW = new Date('2026-11-23T12:00:00Z');
let store: Store;
beforeEach(async () => {
  store = await openTestStore();
});
afterEach(async () => {
  await store.close();
});

function setUp() {
  const scoring = new ScoringInForce(DEFAULT_DRIVER_DEFINITIONS, DEFAULT_EFFORT_WEIGHTS);
  const service = createEffortModelService({
    store,
    events: new EventBus(),
    clock: { now: () => NOW },
    logger: createLogger({ level: 'silent' }),
    scoring,
    settings: DEFAULT_EFFORT_MODEL_SETTINGS,
    botUserId: async () => null,
    effortFieldId: null,
  });
  const app = createHttpApp({
    store,
    logger: createLogger({ level: 'silent' }),
    metrics: createMetrics({ collectDefaults: false }),
    dashboardToken: TOKEN,
    zendeskWebhook: (_req, res) => void res.sendStatus(204),
    effortModelView: () => effortModelView({ service, scoring, store }),
  });
  return { scoring, service, app };
}

describe('GET /api/effort/model', () => {
  it('needs the dashboard token', async () => {
    const { app } = setUp();
    expect((await request(app).get('/api/effort/model')).status).toBe(401);
    expect(
      (await request(app).get('/api/effort/model').set('Authorization', 'Bearer wrong-token-0123456')).status,
    ).toBe(401);
  });

  it('says the index is not fitted yet before the first fit', async () => {
    const { app } = setUp();
    const res = await request(app).get('/api/effort/model').set('Authorization', `Bearer ${TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.body.fit).toMatchObject({ status: 'not-fitted-yet', fittedAt: null, heldOut: null });
    expect(res.body.fit.message).toMatch(/^Not fitted yet/);
    expect(res.body.scoring.source).toBe('configured');
    expect(res.body.weightsInUse).toEqual(DEFAULT_EFFORT_WEIGHTS);
    expect(res.body.drivers).toHaveLength(9);
  });

  it('shows each driver cost with its interval and n next to the weights once fitted', async () => {
    const { app, scoring, service } = setUp();
    await storeAnsweredCases(store, { seed: 8, cases: 500, answeredAt: NOW, version: scoring.current().version });
    await service.runCycle();
    const res = await request(app).get('/api/effort/model').set('Authorization', `Bearer ${TOKEN}`);
    expect(res.body.fit).toMatchObject({
      status: 'fitted',
      answers: 500,
      minAnswers: 300,
      fittedAt: NOW.toISOString(),
    });
    expect(res.body.fit.heldOut).toMatchObject({ folds: 5, cases: 500 });
    expect(typeof res.body.fit.heldOut.spearman).toBe('number');
    const reopen = res.body.drivers.find((d: { driver: string }) => d.driver === 'reopens');
    expect(reopen).toMatchObject({ weightSource: 'fitted', configuredWeight: 15 });
    expect(reopen.ci95.low).toBeLessThan(reopen.cesPerUnit);
    expect(reopen.ci95.high).toBeGreaterThan(reopen.cesPerUnit);
    expect(reopen.n).toBeGreaterThan(0);
    expect(reopen.weightInUse).toBe(res.body.weightsInUse.reopen);
    expect(res.body.scoring).toMatchObject({ source: 'fitted', configuredVersion: scoring.configured.version });
  });
});
