import { createEffortModelService, type EffortModelService } from '../../src/app/effort-model/effort-model-service.js';
import { DEFAULT_EFFORT_MODEL_SETTINGS } from '../../src/app/effort-model/refit-effort-model.js';
import { ScoringInForce } from '../../src/app/effort-model/scoring-in-force.js';
import { EventBus } from '../../src/app/event-bus.js';
import { DEFAULT_DRIVER_DEFINITIONS } from '../../src/domain/driver-definitions.js';
import { DEFAULT_EFFORT_WEIGHTS } from '../../src/domain/effort-index.js';
import { createLogger } from '../../src/logger.js';
import type { Store } from '../../src/ports/store.js';

/** The scoring of the default definitions and weights, as a service starts with. */
export const defaultScoring = () => new ScoringInForce(DEFAULT_DRIVER_DEFINITIONS, DEFAULT_EFFORT_WEIGHTS);

/** An effort model service over a test store, default settings, no Zendesk, a clock the test sets. */
export function effortModelService(store: Store, scoring: ScoringInForce, now: () => Date): EffortModelService {
  return createEffortModelService({
    store,
    events: new EventBus(),
    clock: { now },
    logger: createLogger({ level: 'silent' }),
    scoring,
    settings: DEFAULT_EFFORT_MODEL_SETTINGS,
    botUserId: async () => null,
    effortFieldId: null,
  });
}
