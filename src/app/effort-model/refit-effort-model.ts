import { type EffortModel, fitEffortModel } from '../../domain/effort-model/index.js';
import type { Logger } from '../../logger.js';
import type { Clock } from '../../ports/clock.js';
import type { Store } from '../../ports/store.js';
import type { ScoringInForce } from './scoring-in-force.js';

/** Where the last fit is kept (sync_state), so a restart scores with it at once. */
export const EFFORT_MODEL_STATE_KEY = 'effort.model';

export interface EffortModelSettings {
  /** Answers needed before the index is fitted (effort.model.minAnswers). */
  minAnswers: number;
  /** Hours between fits (effort.model.refitHours). */
  refitHours: number;
  /** Only answers of the last this many days are fitted to (effort.model.lookbackDays). */
  lookbackDays: number;
}

export const DEFAULT_EFFORT_MODEL_SETTINGS: EffortModelSettings = Object.freeze({
  minAnswers: 300,
  refitHours: 24,
  lookbackDays: 365,
});

/** The last fit as stored: when, against which configuration, and the model. */
export interface StoredEffortModel {
  fittedAt: string;
  /** Version of the configured definitions and weights the fit started from; another one makes it stale. */
  configuredVersion: string;
  model: EffortModel;
}

export interface RefitDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  scoring: ScoringInForce;
  settings: EffortModelSettings;
}

/**
 * Fits the index to the CES answers of the lookback window and stores the fit. The weights
 * in force become the fitted ones, or stay (go back to) the configured ones when there are
 * too few answers. Returns the fit and whether the scoring version changed.
 */
export async function refitEffortModel(deps: RefitDeps): Promise<{ stored: StoredEffortModel; changed: boolean }> {
  const now = deps.clock.now();
  const since = new Date(now.getTime() - deps.settings.lookbackDays * 24 * 3_600_000);
  const answered = await deps.store.tickets.listAnsweredCes(since);
  const model = fitEffortModel(answered, {
    minAnswers: deps.settings.minAnswers,
    base: deps.scoring.configured.weights,
  });
  const stored: StoredEffortModel = {
    fittedAt: now.toISOString(),
    configuredVersion: deps.scoring.configured.version,
    model,
  };
  await deps.store.syncState.set(EFFORT_MODEL_STATE_KEY, stored, now);
  const changed = deps.scoring.use(model.status === 'fitted' ? model.weights : null);
  if (model.status === 'fitted') {
    deps.logger.info(
      {
        answers: model.answers,
        heldOutSpearman: model.heldOut.spearman,
        version: deps.scoring.current().version,
        changed,
      },
      'effort index fitted to CES answers',
    );
  } else {
    deps.logger.info({ answers: model.answers, minAnswers: model.minAnswers }, model.message);
  }
  return { stored, changed };
}

/**
 * Reads the stored fit and puts its weights in force when it was made from the configuration
 * in force now; null (and the configured weights) when there is none or it is stale.
 */
export async function loadStoredEffortModel(
  deps: Pick<RefitDeps, 'store' | 'scoring'>,
): Promise<StoredEffortModel | null> {
  const stored = await deps.store.syncState.get<StoredEffortModel>(EFFORT_MODEL_STATE_KEY);
  if (!stored || stored.configuredVersion !== deps.scoring.configured.version) return null;
  deps.scoring.use(stored.model.status === 'fitted' ? stored.model.weights : null);
  return stored;
}
