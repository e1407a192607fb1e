import type { DriverName } from '../../domain/drivers.js';
import type { EffortWeights } from '../../domain/effort-index.js';
import { type DriverCost, driverUnit, indexPointsPerUnit, MODEL_DRIVERS } from '../../domain/effort-model/index.js';
import type { Store } from '../../ports/store.js';
import type { EffortModelService } from './effort-model-service.js';
import type { ScoringInForce } from './scoring-in-force.js';

/** One driver as the API shows it: its cost in CES points (when fitted) next to its weights. */
export interface DriverCostView {
  driver: DriverName;
  unit: string;
  n: number | null;
  cesPerUnit: number | null;
  ci95: { low: number; high: number } | null;
  /** Index points per unit in the weights in use, and in the configured weights. */
  weightInUse: number;
  configuredWeight: number;
  weightSource: 'fitted' | 'default';
  summary: string;
}

/**
 * GET /api/effort/model: the weights in use and where they come from, the last fit (its
 * held-out Spearman and each driver's cost with CI and n, or why there is none), and how
 * many stored cases still wait to be scored with the weights in use.
 */
export async function effortModelView(deps: { service: EffortModelService; scoring: ScoringInForce; store: Store }) {
  const { service, scoring, store } = deps;
  const inUse = scoring.current();
  const configured = scoring.configured.weights;
  const fit = service.lastFit();
  const model = fit?.model ?? null;
  const costs = new Map<DriverName, DriverCost>(
    model?.status === 'fitted' ? model.drivers.map((cost) => [cost.driver, cost]) : [],
  );
  const message =
    model === null
      ? 'Not fitted yet: the first fit runs shortly after the service starts; the configured weights are in use.'
      : model.status === 'too-few-answers'
        ? model.message
        : `Fitted to ${model.answers.toLocaleString('en-US')} CES answers; the fitted weights are in use.`;
  return {
    scoring: { source: inUse.source, version: inUse.version, configuredVersion: scoring.configured.version },
    fit: {
      status: model?.status ?? 'not-fitted-yet',
      message,
      fittedAt: fit?.fittedAt ?? null,
      nextFitAt: service.nextFitAt()?.toISOString() ?? null,
      answers: model?.answers ?? null,
      minAnswers: model?.minAnswers ?? null,
      heldOut: model?.status === 'fitted' ? model.heldOut : null,
      interceptCes: model?.status === 'fitted' ? model.interceptCes : null,
      lambda: model?.status === 'fitted' ? model.lambda : null,
    },
    drivers: MODEL_DRIVERS.map((driver) => driverView(driver, costs.get(driver), inUse.weights, configured)),
    weightsInUse: inUse.weights,
    configuredWeights: configured,
    recompute: {
      casesScoredWithOtherVersions: await store.tickets.countTicketsScoredOtherThan(inUse.version),
      running: service.busy(),
    },
  };
}

function driverView(
  driver: DriverName,
  cost: DriverCost | undefined,
  inUse: EffortWeights,
  configured: EffortWeights,
): DriverCostView {
  const weights = {
    weightInUse: indexPointsPerUnit(driver, inUse, configured),
    configuredWeight: indexPointsPerUnit(driver, configured, configured),
  };
  if (!cost) {
    const unit = driverUnit(driver, configured);
    return {
      driver,
      unit,
      n: null,
      cesPerUnit: null,
      ci95: null,
      ...weights,
      weightSource: 'default',
      summary: `${unit}: no cost estimated (too few CES answers); configured weight ${weights.configuredWeight} in use`,
    };
  }
  return {
    driver,
    unit: cost.unit,
    n: cost.n,
    cesPerUnit: cost.cesPerUnit,
    ci95: cost.ci95,
    ...weights,
    weightSource: cost.weightSource,
    summary: cost.summary,
  };
}
