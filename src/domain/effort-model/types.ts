import type { DriverName, EffortDrivers } from '../drivers.js';
import type { EffortWeights } from '../effort-index.js';

/** One solved case whose customer answered a CES survey (1-7, 7 = easiest). */
export interface AnsweredCase {
  drivers: EffortDrivers;
  ces: number;
}

export interface EffortModelOptions {
  /** Answers needed before anything is fitted (default DEFAULT_MIN_ANSWERS). */
  minAnswers?: number;
  /** Answered cases a driver must appear in to get a fitted cost (default DEFAULT_MIN_CASES_PER_DRIVER). */
  minCasesPerDriver?: number;
  /** Folds of the held-out check (default 5). */
  folds?: number;
  /**
   * The weights in force without a fit (defaults overlaid with configuration): they give the
   * duration drivers' steps, the levels, and the weight of any driver the fit cannot price.
   */
  base?: EffortWeights;
}

/** What one unit of a driver costs, in CES points, estimated from the answers. */
export interface DriverCost {
  driver: DriverName;
  /** The unit the cost is per: "each team handoff", "each 1h beyond 4h the customer waited". */
  unit: string;
  /** Answered cases in which the driver was present. */
  n: number;
  /**
   * Change in the CES answer per unit, the other drivers held equal: negative means harder.
   * Null when fewer than `minCasesPerDriver` answered cases had the driver.
   */
  cesPerUnit: number | null;
  /** 95% confidence interval of `cesPerUnit`; null with it. */
  ci95: { low: number; high: number } | null;
  standardError: number | null;
  /** Index points per unit in the weights in use. */
  indexPointsPerUnit: number;
  /** `fitted`: from `cesPerUnit`; `default`: the base weight, because there is no cost to fit it to. */
  weightSource: 'fitted' | 'default';
  /** "each team handoff: -0.60 CES, 95% CI -0.80 to -0.40, n = 1,240". */
  summary: string;
}

/** How well the index orders cases it was not fitted on. */
export interface HeldOutQuality {
  folds: number;
  cases: number;
  /**
   * Spearman rank correlation between the answers and the fitted index (sign turned so that
   * 1 means the index ranks effort exactly as customers did, 0 no better than chance), each
   * case scored by a fit that did not see it. Null when either side has no variance.
   */
  spearman: number | null;
  /** The same for the base weights on the same answers, for comparison. */
  baseSpearman: number | null;
}

export interface TooFewAnswers {
  status: 'too-few-answers';
  answers: number;
  minAnswers: number;
  /** "Too few CES answers to fit the index: 120 of the 300 needed; the default weights are in use." */
  message: string;
}

export interface FittedEffortModel {
  status: 'fitted';
  answers: number;
  minAnswers: number;
  /** Predicted CES of a case with no drivers. */
  interceptCes: number;
  /** Ridge penalty picked by generalised cross-validation (standardised drivers). */
  lambda: number;
  residualStandardDeviation: number;
  drivers: DriverCost[];
  /** The index weights to score with: fitted where a cost was fitted, base elsewhere. */
  weights: EffortWeights;
  heldOut: HeldOutQuality;
}

export type EffortModel = TooFewAnswers | FittedEffortModel;
