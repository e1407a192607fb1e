import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { effortModelView } from '../../../src/app/effort-model/effort-model-view.js';
import { EFFORT_MODEL_STATE_KEY } from '../../../src/app/effort-model/refit-effort-model.js';
import { ScoringInForce } from '../../../src/app/effort-model/scoring-in-force.js';
import { DEFAULT_DRIVER_DEFINITIONS } from '../../../src/domain/driver-definitions.js';
import { mergeEffortWeights } from '../../../src/domain/effort-index.js';
import type { Store } from '../../../src/ports/store.js';
import { storeAnsweredCases } from '../../support/answered-store.js';
import { defaultScoring, effortModelService } from '../../support/effort-model-harness.js';
import { openTestStore } from '../../support/store.js';

const START = new Date('2026-11-23T12:00:00Z');
let store: Store;
let now: Date;
beforeEach(async () => {
  store = await openTestStore();
  now = START;
});
afterEach(async () => {
  await store.close();
});

const service = (scoring: ScoringInForce) => effortModelService(store, scoring, () => now);
const configured = defaultScoring;

describe('effort model service', () => {
  it('keeps the configured weights and says so while there are too few answers', async () => {
    const scoring = configured();
    await storeAnsweredCases(store, { seed: 4, cases: 120, answeredAt: START, version: scoring.current().version });
    const model = service(scoring);
    await model.load();
    const report = await model.runCycle();
    expect(report.refitted).toBe(true);
    expect(report.recompute.every((r) => r.recomputed === 0)).toBe(true);
    expect(scoring.current().source).toBe('configured');
    const view = await effortModelView({ service: model, scoring, store });
    expect(view.fit).toMatchObject({
      status: 'too-few-answers',
      message: 'Too few CES answers to fit the index: 120 of the 300 needed; the default weights are in use.',
      heldOut: null,
    });
    expect(view.drivers.find((d) => d.driver === 'teamHandoffs')).toMatchObject({
      cesPerUnit: null,
      ci95: null,
      weightInUse: 10,
      configuredWeight: 10,
      weightSource: 'default',
    });
  });

  it('adopts the fit another instance stored instead of scoring the cases back with its own weights', async () => {
    // Two instances on one database, both started before any fit: the first fits and rescores.
    const [first, second] = [configured(), configured()];
    await storeAnsweredCases(store, { seed: 4, cases: 400, answeredAt: START, version: first.current().version });
    const [a, b] = [service(first), service(second)];
    await a.load();
    await b.load();
    await a.runCycle();
    expect(first.current().source).toBe('fitted');

    // The second's next cycle (not due to refit for a day) takes the stored fit and has nothing to rescore.
    now = new Date(START.getTime() + 10 * 60_000);
    const report = await b.runCycle();
    expect(report.refitted).toBe(false);
    expect(second.current().version).toBe(first.current().version);
    expect(report.recompute.reduce((n, r) => n + r.recomputed, 0)).toBe(0);
    expect(await store.tickets.countTicketsScoredOtherThan(first.current().version)).toBe(0);
  });

  it('fits once there are enough answers, scores every case with the fit, and keeps it across a restart', async () => {
    const scoring = configured();
    await storeAnsweredCases(store, { seed: 4, cases: 400, answeredAt: START, version: scoring.current().version });
    const model = service(scoring);
    await model.load();
    const report = await model.runCycle();

    expect(scoring.current().source).toBe('fitted');
    expect(scoring.current().version).not.toBe(scoring.configured.version);
    expect(report.recompute.reduce((n, r) => n + r.recomputed, 0)).toBe(400);
    expect(await store.tickets.countTicketsScoredOtherThan(scoring.current().version)).toBe(0);

    const view = await effortModelView({ service: model, scoring, store });
    expect(view.scoring.source).toBe('fitted');
    expect(view.fit.status).toBe('fitted');
    expect(view.fit.heldOut?.spearman).toBeGreaterThan(0.3);
    expect(view.fit.nextFitAt).toBe('2026-11-24T12:00:00.000Z');
    const handoff = view.drivers.find((d) => d.driver === 'teamHandoffs')!;
    expect(handoff.weightSource).toBe('fitted');
    expect(handoff.weightInUse).toBe(view.weightsInUse.teamHandoff);
    expect(handoff.summary).toMatch(/^each team handoff: -\d\.\d\d CES, 95% CI -?\d\.\d\d to -?\d\.\d\d, n = \d+$/);
    expect(view.recompute).toEqual({ casesScoredWithOtherVersions: 0, running: false });

    // A restart puts the stored fit in force at once, and does not fit again before it is due.
    const again = configured();
    const restarted = service(again);
    await restarted.load();
    expect(again.current()).toEqual(scoring.current());
    now = new Date(START.getTime() + 3_600_000);
    expect((await restarted.runCycle()).refitted).toBe(false);
    now = new Date(START.getTime() + 25 * 3_600_000);
    expect((await restarted.runCycle()).refitted).toBe(true);
  });

  it('does not use a stored fit made from another configuration', async () => {
    const scoring = configured();
    await storeAnsweredCases(store, { seed: 4, cases: 400, answeredAt: START, version: scoring.current().version });
    await service(scoring).runCycle();
    expect(await store.syncState.get(EFFORT_MODEL_STATE_KEY)).not.toBeNull();

    const reconfigured = new ScoringInForce(DEFAULT_DRIVER_DEFINITIONS, mergeEffortWeights({ reopen: 25 }));
    const model = service(reconfigured);
    await model.load();
    expect(reconfigured.current().source).toBe('configured');
    expect(model.lastFit()).toBeNull();
    expect((await model.runCycle()).refitted).toBe(true);
    expect(reconfigured.current().source).toBe('fitted');
  });
});
