/**
 * The effort model: the effort index fitted to what customers answered. The dashboard, the
 * weekly report and the API all read driver costs from here, so they agree.
 *
 * - `fitEffortModel(cases, options)`: answered cases (drivers + CES 1-7) -> either
 *   `{ status: 'too-few-answers', ... }` or a fitted model with each driver's cost in CES
 *   points (95% CI, n), the index weights that follow, and the held-out Spearman.
 * - `driverFeatures(drivers, base)`: the model's inputs for one case, in MODEL_DRIVERS order.
 * - `predictCes(model, features)`: the CES the model expects for a case.
 * - `indexPointsPerUnit(driver, weights, base)`: what one unit of a driver weighs in some weights.
 *
 * docs/drivers.md ("The index fitted to answers") explains the model and its choices.
 */
export {
  DEFAULT_FOLDS,
  DEFAULT_MIN_ANSWERS,
  DEFAULT_MIN_CASES_PER_DRIVER,
  fitEffortModel,
  predictCes,
} from './fit-effort-model.js';
export { driverFeatures, driverUnit, MODEL_DRIVERS } from './features.js';
export { INDEX_POINTS_PER_CES_POINT, indexPointsPerUnit } from './fitted-weights.js';
export type {
  AnsweredCase,
  DriverCost,
  EffortModel,
  EffortModelOptions,
  FittedEffortModel,
  HeldOutQuality,
  TooFewAnswers,
} from './types.js';
