import { describe, expect, it } from 'vitest';
import type { DriverName } from '../../../src/domain/drivers.js';
import { DEFAULT_EFFORT_WEIGHTS } from '../../../src/domain/effort-index.js';
import {
  type AnsweredCase,
  driverFeatures,
  type EffortModel,
  type FittedEffortModel,
  fitEffortModel,
  INDEX_POINTS_PER_CES_POINT,
  MODEL_DRIVERS,
  predictCes,
} from '../../../src/domain/effort-model/index.js';
import { answeredCases, TRUE_CES_EFFECTS } from '../../support/answered-cases.js';

function fitted(model: EffortModel): FittedEffortModel {
  if (model.status !== 'fitted') throw new Error(`expected a fit, got: ${model.message}`);
  return model;
}

const costOf = (model: FittedEffortModel, driver: DriverName) => model.drivers.find((cost) => cost.driver === driver)!;

describe('fitEffortModel below the floor', () => {
  it('says plainly that there are too few answers, and fits nothing', () => {
    const model = fitEffortModel(answeredCases({ seed: 1, cases: 299 }));
    expect(model).toEqual({
      status: 'too-few-answers',
      answers: 299,
      minAnswers: 300,
      message: 'Too few CES answers to fit the index: 299 of the 300 needed; the default weights are in use.',
    });
  });

  it('fits from the configured floor on', () => {
    expect(fitEffortModel(answeredCases({ seed: 1, cases: 150 }), { minAnswers: 150 }).status).toBe('fitted');
    expect(fitEffortModel(answeredCases({ seed: 1, cases: 149 }), { minAnswers: 150 }).status).toBe('too-few-answers');
  });

  it('refuses an answer that is not a number instead of fitting to it', () => {
    const cases = answeredCases({ seed: 1, cases: 400 });
    cases[7] = { ...cases[7]!, ces: Number.NaN };
    expect(() => fitEffortModel(cases)).toThrow(RangeError);
  });
});

describe('fitEffortModel on a seeded stream with known driver effects', () => {
  const cases = answeredCases({ seed: 17, cases: 3000 });
  const model = fitted(fitEffortModel(cases));

  it.each(MODEL_DRIVERS)('recovers the true cost of %s within its 95% interval', (driver) => {
    const cost = costOf(model, driver);
    expect(cost.weightSource).toBe('fitted');
    expect(cost.ci95!.low).toBeLessThanOrEqual(TRUE_CES_EFFECTS[driver]);
    expect(cost.ci95!.high).toBeGreaterThanOrEqual(TRUE_CES_EFFECTS[driver]);
    // An interval that recovers the truth by being useless would pass the two lines above.
    expect(cost.ci95!.high - cost.ci95!.low).toBeLessThan(0.4);
  });

  it('counts n as the answered cases that had the driver', () => {
    MODEL_DRIVERS.forEach((driver, j) => {
      const present = cases.filter((answered) => driverFeatures(answered.drivers)[j]! > 0).length;
      expect(costOf(model, driver).n).toBe(present);
    });
  });

  it('states each cost for people with its interval and n', () => {
    const handoff = costOf(model, 'teamHandoffs');
    const { low, high } = handoff.ci95!;
    expect(handoff.summary).toBe(
      `each team handoff: ${handoff.cesPerUnit!.toFixed(2)} CES, 95% CI ${low.toFixed(2)} to ${high.toFixed(2)}, n = ${handoff.n.toLocaleString('en-US')}`,
    );
    expect(handoff.summary).toMatch(/^each team handoff: -0\.\d\d CES, 95% CI -0\.\d\d to -0\.\d\d, n = \d{3}$/);
  });

  it('turns each cost into index points at 100/6 per CES point', () => {
    const handoff = costOf(model, 'teamHandoffs');
    expect(model.weights.teamHandoff).toBeCloseTo(-handoff.cesPerUnit! * INDEX_POINTS_PER_CES_POINT, 2);
    expect(handoff.indexPointsPerUnit).toBe(model.weights.teamHandoff);
    expect(model.weights.reopen).toBeGreaterThan(model.weights.agentHandoff);
    expect(model.weights.levels).toEqual(DEFAULT_EFFORT_WEIGHTS.levels);
    const wait = costOf(model, 'customerWait');
    expect(model.weights.customerWait.graceMinutes).toBe(DEFAULT_EFFORT_WEIGHTS.customerWait.graceMinutes);
    expect(model.weights.customerWait.maxPoints).toBeCloseTo(10 * wait.indexPointsPerUnit, 1);
  });

  it('ranks held-out answers at least as well as the default weights', () => {
    expect(model.heldOut.folds).toBe(5);
    expect(model.heldOut.cases).toBe(3000);
    expect(model.heldOut.spearman).toBeGreaterThan(0.5);
    expect(model.heldOut.spearman! - model.heldOut.baseSpearman!).toBeGreaterThan(-0.01);
  });

  it('predicts the CES of a case from its drivers', () => {
    const features = driverFeatures(cases[0]!.drivers);
    const expected = MODEL_DRIVERS.reduce(
      (sum, driver, j) => sum + costOf(model, driver).cesPerUnit! * features[j]!,
      model.interceptCes,
    );
    expect(predictCes(model, features)).toBeCloseTo(Math.min(7, Math.max(1, expected)), 10);
    expect(model.interceptCes).toBeGreaterThan(5.2);
    expect(model.interceptCes).toBeLessThan(5.6);
  });

  it('is deterministic: the same answers give the same model', () => {
    expect(fitEffortModel(cases)).toEqual(model);
  });
});

describe('fitEffortModel intervals over many streams', () => {
  it('cover the true costs about 95% of the time', () => {
    const replicates = 100;
    const covered = new Map<DriverName, number>(MODEL_DRIVERS.map((driver) => [driver, 0]));
    for (let seed = 1000; seed < 1000 + replicates; seed += 1) {
      const model = fitted(fitEffortModel(answeredCases({ seed, cases: 600 })));
      for (const cost of model.drivers) {
        const truth = TRUE_CES_EFFECTS[cost.driver];
        if (cost.ci95 && cost.ci95.low <= truth && truth <= cost.ci95.high)
          covered.set(cost.driver, covered.get(cost.driver)! + 1);
      }
    }
    const rates = [...covered.values()].map((hits) => hits / replicates);
    for (const rate of rates) expect(rate).toBeGreaterThanOrEqual(0.85);
    const mean = rates.reduce((sum, rate) => sum + rate, 0) / rates.length;
    expect(mean).toBeGreaterThan(0.91);
    expect(mean).toBeLessThan(0.99);
  });
});

describe('fitEffortModel when the answers disagree with the defaults', () => {
  const effects: Record<DriverName, number> = {
    ...TRUE_CES_EFFECTS,
    channelSwitches: 0.3,
    teamHandoffs: 0,
    reopens: 0,
    agentHandoffs: -1.2,
  };

  it('weighs what customers felt and gives a driver that made answers easier no weight', () => {
    const model = fitted(fitEffortModel(answeredCases({ seed: 5, cases: 2000, effects })));
    expect(costOf(model, 'channelSwitches').cesPerUnit).toBeGreaterThan(0);
    expect(model.weights.channelSwitch).toBe(0);
    expect(model.weights.agentHandoff).toBeGreaterThan(15);
    expect(model.heldOut.spearman!).toBeGreaterThan(model.heldOut.baseSpearman! + 0.05);
  });

  it('finds no order in answers that carry none', () => {
    const noEffects = Object.fromEntries(MODEL_DRIVERS.map((driver) => [driver, 0])) as Record<DriverName, number>;
    const model = fitted(fitEffortModel(answeredCases({ seed: 9, cases: 2000, effects: noEffects })));
    expect(Math.abs(model.heldOut.spearman ?? 0)).toBeLessThan(0.1);
  });
});

describe('fitEffortModel with a driver too rare to price', () => {
  it('keeps the base weight for it and says why', () => {
    const cases: AnsweredCase[] = answeredCases({ seed: 3, cases: 800 }).map((answered, i) => ({
      ...answered,
      drivers: { ...answered.drivers, reopens: i < 12 ? 1 : 0 },
    }));
    const model = fitted(fitEffortModel(cases, { base: { ...DEFAULT_EFFORT_WEIGHTS, reopen: 18 } }));
    const reopen = costOf(model, 'reopens');
    expect(reopen).toMatchObject({
      n: 12,
      cesPerUnit: null,
      ci95: null,
      weightSource: 'default',
      indexPointsPerUnit: 18,
    });
    expect(reopen.summary).toBe(
      'each reopen: too few answered cases with it to estimate (n = 12, needs 30); default weight 18 in use',
    );
    expect(model.weights.reopen).toBe(18);
    expect(costOf(model, 'teamHandoffs').weightSource).toBe('fitted');
  });
});
