import { type AnsweredCase, fitEffortModel } from '../../domain/effort-model/index.js';
import type { EffortWeights } from '../../domain/effort-index.js';

/** What the dashboard shows of the effort model fitted to one period's (and filter's) answers. */
export interface DriverCostReport {
  /** False when there are too few answers to fit; the message says how many are needed. */
  enoughAnswers: boolean;
  answers: number;
  minAnswers: number;
  message: string;
  costs: Array<{
    driver: string;
    /** "each team handoff". */
    unit: string;
    /** CES points per unit, other drivers held equal (negative: harder); null when too few cases had the driver. */
    effect: number | null;
    low: number | null;
    high: number | null;
    n: number;
    /** "each team handoff: -0.60 CES, 95% CI -0.80 to -0.40, n = 1,240". */
    summary: string;
  }>;
  /** How well the index ranks the answers, on cases each fit did not see (Spearman; 1 = as customers did). */
  indexPrediction: { spearman: number | null; baseSpearman: number | null; folds: number; cases: number } | null;
}

/**
 * Fits src/domain/effort-model to the answered cases of the dashboard's filter, so each
 * driver's cost and the index's rank correlation are those of the cases on screen (the
 * service's own fit, GET /api/effort/model, covers every answer).
 */
export function driverCostReport(
  cases: AnsweredCase[],
  settings: { base: EffortWeights; minAnswers: number },
): DriverCostReport {
  const model = fitEffortModel(cases, settings);
  if (model.status === 'too-few-answers')
    return {
      enoughAnswers: false,
      answers: model.answers,
      minAnswers: model.minAnswers,
      message: model.message,
      costs: [],
      indexPrediction: null,
    };
  return {
    enoughAnswers: true,
    answers: model.answers,
    minAnswers: model.minAnswers,
    message: `Fitted to ${model.answers.toLocaleString('en')} CES answers: what each driver costs, the others held equal.`,
    costs: model.drivers.map((d) => ({
      driver: d.driver,
      unit: d.unit,
      effect: d.cesPerUnit,
      low: d.ci95?.low ?? null,
      high: d.ci95?.high ?? null,
      n: d.n,
      summary: d.summary,
    })),
    indexPrediction: { ...model.heldOut },
  };
}
