import type { EffortWeights } from '../../domain/effort-index.js';
import { type AnsweredCase, fitEffortModel } from '../../domain/effort-model/index.js';
import type { DriverCesCosts, ReportCosts } from '../../domain/report/compute-report.js';

/** A week holds too few answers for a stable fit: the costs rest on this many days up to the period's end. */
export const COST_LOOKBACK_DAYS = 90;

/**
 * What each driver costs in CES, from the effort model (src/domain/effort-model/, the same
 * fit the dashboard reads) over the answered cases; or the model's own words for why not.
 */
export function driverCesCostsFromEffortModel(
  answered: readonly AnsweredCase[],
  base: EffortWeights,
  until: Date,
): ReportCosts {
  const model = fitEffortModel(answered, { base });
  if (model.status === 'too-few-answers') return { unavailable: model.message };
  const costs: DriverCesCosts = {};
  for (const driver of model.drivers) {
    if (driver.cesPerUnit === null || !driver.ci95) continue;
    costs[driver.driver] = {
      unit: driver.unit,
      perUnit: driver.cesPerUnit,
      low: driver.ci95.low,
      high: driver.ci95.high,
      n: driver.n,
    };
  }
  const to = until.toISOString().slice(0, 10);
  return {
    costs,
    basis: `CES cost per unit, other drivers held equal: effort model fitted on ${model.answers.toLocaleString('en-US')} answers in the ${COST_LOOKBACK_DAYS} days before ${to}`,
  };
}
