import { createEffortModelService, type EffortModelService } from '../src/app/effort-model/effort-model-service.js';
import { effortModelView } from '../src/app/effort-model/effort-model-view.js';
import { ScoringInForce } from '../src/app/effort-model/scoring-in-force.js';
import type { EventBus } from '../src/app/event-bus.js';
import type { AppConfig } from '../src/config/load-config.js';
import type { Logger } from '../src/logger.js';
import type { Clock } from '../src/ports/clock.js';
import type { Store } from '../src/ports/store.js';
import type { ZendeskPort } from '../src/ports/zendesk.js';

export interface BuiltEffortModel {
  scoring: ScoringInForce;
  service: EffortModelService;
  /** What GET /api/effort/model answers. */
  view: () => Promise<unknown>;
}

/**
 * The scoring in force and the service that fits it to CES answers and rescores stored
 * cases; the stored fit is in force before the first delivery is handled.
 */
export async function buildEffortModel(input: {
  config: AppConfig;
  store: Store;
  events: EventBus;
  clock: Clock;
  logger: Logger;
  zendesk: ZendeskPort | null;
}): Promise<BuiltEffortModel> {
  const { config, store, zendesk } = input;
  const scoring = new ScoringInForce(config.drivers, config.effortWeights);
  const service = createEffortModelService({
    store,
    events: input.events,
    clock: input.clock,
    logger: input.logger,
    scoring,
    settings: config.effortModel,
    // Without the Zendesk API no bot id is known; its updates carry no engagement or customer touch anyway.
    botUserId: zendesk ? () => zendesk.getBotUserId() : async () => null,
    effortFieldId: config.zendesk.effortFieldId,
  });
  await service.load();
  return { scoring, service, view: () => effortModelView({ service, scoring, store }) };
}
