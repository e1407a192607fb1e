import type { DriverCostModel } from '../../ports/driver-cost-model.js';

/**
 * Stands in for the driver-cost model until src/domain/effort-model (issue 17) is merged:
 * it estimates nothing and says so, so the dashboard never shows invented costs.
 */
export const DRIVER_COST_MODEL_PENDING: DriverCostModel = {
  estimate(cases) {
    return {
      available: false,
      enoughAnswers: false,
      answers: cases.length,
      message: `The driver-cost model is not part of this build yet; ${cases.length} answered cases are waiting for it.`,
      costs: [],
      indexPrediction: null,
    };
  },
};
