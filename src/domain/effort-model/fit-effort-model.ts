import type { DriverName } from '../drivers.js';
import { DEFAULT_EFFORT_WEIGHTS, type EffortWeights, effortIndexOf } from '../effort-index.js';
import { driverFeatures, driverUnit, MODEL_DRIVERS } from './features.js';
import { baseIndexPoints, indexPointsFor, weightsWithPoints } from './fitted-weights.js';
import { foldOf, heldOutIndexes, indexSpearman } from './held-out.js';
import { fitRidge, type RidgeFit } from './ridge.js';
import { tQuantile975 } from './student-t.js';
import type { AnsweredCase, DriverCost, EffortModel, EffortModelOptions } from './types.js';

/** Answers needed before the index is fitted to them (effortless.config.json `effort.model.minAnswers`). */
export const DEFAULT_MIN_ANSWERS = 300;
/** Fewer answered cases with a driver than this and its cost is not estimated; its base weight stays. */
export const DEFAULT_MIN_CASES_PER_DRIVER = 30;
export const DEFAULT_FOLDS = 5;

/**
 * Fits the effort index to CES answers: a ridge regression of the answer on the drivers
 * (features.ts gives their units), penalty picked by generalised cross-validation. Returns
 * each driver's cost in CES points with a 95% confidence interval and n, the index weights
 * that follow from the costs, and how well the fitted index ranks held-out answers. Below
 * `minAnswers` it returns the `too-few-answers` state and the base weights stay in force.
 * Pure and deterministic: the same cases in the same order give the same model.
 */
export function fitEffortModel(cases: readonly AnsweredCase[], options: EffortModelOptions = {}): EffortModel {
  const minAnswers = options.minAnswers ?? DEFAULT_MIN_ANSWERS;
  const base = options.base ?? DEFAULT_EFFORT_WEIGHTS;
  const folds = options.folds ?? DEFAULT_FOLDS;
  const minCases = options.minCasesPerDriver ?? DEFAULT_MIN_CASES_PER_DRIVER;
  for (const answered of cases) {
    if (!Number.isFinite(answered.ces)) throw new RangeError(`a CES answer must be a number (got ${answered.ces})`);
  }
  if (cases.length < Math.max(minAnswers, folds * 3, 10)) {
    return {
      status: 'too-few-answers',
      answers: cases.length,
      minAnswers,
      message: `Too few CES answers to fit the index: ${cases.length} of the ${minAnswers} needed; the default weights are in use.`,
    };
  }

  const groups = groupCases(cases, base, folds);
  const fit = fitCosts(groups, groups.counts, minCases, true);
  const weights = weightsWithPoints(fittedPoints(fit.costs), base);
  const indexes = heldOutIndexes(cases, folds, (fold) => {
    const training = groups.counts.map((count, g) => count - groups.byFold[g]![fold]!);
    // The folds need the weights only.
    return weightsWithPoints(fittedPoints(fitCosts(groups, training, minCases, false).costs), base);
  });
  return {
    status: 'fitted',
    answers: cases.length,
    minAnswers,
    interceptCes: fit.ridge.intercept,
    lambda: fit.ridge.lambda,
    residualStandardDeviation: fit.ridge.residualStandardDeviation,
    drivers: fit.costs.map((cost) => describeCost(cost, base, minCases)),
    weights,
    heldOut: {
      folds,
      cases: cases.length,
      spearman: indexSpearman(
        indexes,
        cases.map((answered) => answered.ces),
      ),
      baseSpearman: indexSpearman(
        cases.map((answered) => effortIndexOf(answered.drivers, base)),
        cases.map((answered) => answered.ces),
      ),
    },
  };
}

/** The CES a fitted model expects for these drivers, within the 1-7 scale. */
export function predictCes(
  model: { interceptCes: number; drivers: readonly DriverCost[] },
  features: readonly number[],
): number {
  const byDriver = new Map(model.drivers.map((cost) => [cost.driver, cost.cesPerUnit ?? 0]));
  const raw = MODEL_DRIVERS.reduce((sum, driver, j) => sum + (byDriver.get(driver) ?? 0) * (features[j] ?? 0), 0);
  return Math.min(7, Math.max(1, model.interceptCes + raw));
}

interface RawCost {
  driver: DriverName;
  n: number;
  cesPerUnit: number | null;
  standardError: number | null;
  criticalValue: number;
}

/**
 * The cases as distinct (features, answer) rows with how many cases each stands for, in
 * total and per fold: the fits work on these few hundred rows instead of every case.
 */
interface CaseGroups {
  rows: number[][];
  answers: number[];
  counts: number[];
  /** Per row, the cases of each fold (foldOf) it stands for. */
  byFold: number[][];
}

function groupCases(cases: readonly AnsweredCase[], base: EffortWeights, folds: number): CaseGroups {
  const groups: CaseGroups = { rows: [], answers: [], counts: [], byFold: [] };
  const indexOf = new Map<string, number>();
  cases.forEach((answered, position) => {
    const features = driverFeatures(answered.drivers, base);
    const key = groupKey(features, answered.ces);
    let g = indexOf.get(key);
    if (g === undefined) {
      g = groups.rows.length;
      indexOf.set(key, g);
      groups.rows.push(features);
      groups.answers.push(answered.ces);
      groups.counts.push(0);
      groups.byFold.push(new Array<number>(folds).fill(0));
    }
    groups.counts[g]! += 1;
    groups.byFold[g]![foldOf(position, folds)]! += 1;
  });
  return groups;
}

/** One character per small whole number (the usual case: counts, steps, a 1-7 answer); text otherwise. */
function groupKey(features: readonly number[], ces: number): string {
  let small = isSmallWhole(ces);
  for (let j = 0; small && j < features.length; j += 1) small = isSmallWhole(features[j]!);
  return small ? String.fromCharCode(...features, ces) : `${features.join(',')}|${ces}`;
}

function isSmallWhole(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value < 0xd800;
}

function fitCosts(groups: CaseGroups, counts: readonly number[], minCases: number, withErrors: boolean) {
  const { rows, answers } = groups;
  const ridge: RidgeFit = fitRidge(rows, answers, { standardErrors: withErrors, counts });
  const cases = counts.reduce((sum, count) => sum + count, 0);
  const critical = tQuantile975(cases - ridge.degreesOfFreedom);
  const costs: RawCost[] = MODEL_DRIVERS.map((driver, j) => {
    const n = rows.reduce((sum, row, g) => sum + (row[j]! > 0 ? counts[g]! : 0), 0);
    const priced = n >= minCases && ridge.coefficients[j] !== null;
    return {
      driver,
      n,
      cesPerUnit: priced ? ridge.coefficients[j]! : null,
      standardError: priced ? (ridge.standardErrors[j] ?? null) : null,
      criticalValue: critical,
    };
  });
  return { ridge, costs };
}

function fittedPoints(costs: readonly RawCost[]): Partial<Record<DriverName, number>> {
  const points: Partial<Record<DriverName, number>> = {};
  for (const cost of costs) if (cost.cesPerUnit !== null) points[cost.driver] = indexPointsFor(cost.cesPerUnit);
  return points;
}

function describeCost(cost: RawCost, base: EffortWeights, minCases: number): DriverCost {
  const unit = driverUnit(cost.driver, base);
  if (cost.cesPerUnit === null || cost.standardError === null) {
    const points = baseIndexPoints(cost.driver, base);
    return {
      driver: cost.driver,
      unit,
      n: cost.n,
      cesPerUnit: null,
      ci95: null,
      standardError: null,
      indexPointsPerUnit: points,
      weightSource: 'default',
      summary: `${unit}: too few answered cases with it to estimate (n = ${count(cost.n)}, needs ${count(minCases)}); default weight ${points} in use`,
    };
  }
  const half = cost.criticalValue * cost.standardError;
  const ci95 = { low: cost.cesPerUnit - half, high: cost.cesPerUnit + half };
  return {
    driver: cost.driver,
    unit,
    n: cost.n,
    cesPerUnit: cost.cesPerUnit,
    ci95,
    standardError: cost.standardError,
    indexPointsPerUnit: indexPointsFor(cost.cesPerUnit),
    weightSource: 'fitted',
    summary: `${unit}: ${ces(cost.cesPerUnit)} CES, 95% CI ${ces(ci95.low)} to ${ces(ci95.high)}, n = ${count(cost.n)}`,
  };
}

function ces(value: number): string {
  const rounded = value.toFixed(2);
  return rounded === '-0.00' ? '0.00' : rounded;
}

function count(value: number): string {
  return value.toLocaleString('en-US');
}
