import { createTwilioSmsWebhook, createTwilioStatusWebhook } from '../integrations/twilio/webhook.js';
import type { Clock } from '../src/ports/clock.js';
import type { EventBus } from '../src/app/event-bus.js';
import type { SurveySettings } from '../src/app/surveys/settings.js';
import type { SurveyDeps } from '../src/app/surveys/survey-deps.js';
import type { AppConfig } from '../src/config/load-config.js';
import type { Logger } from '../src/logger.js';
import type { Metrics } from '../src/metrics.js';
import type { Store } from '../src/ports/store.js';
import type { SurveyInbound } from '../src/ports/survey-channels.js';
import type { ZendeskPort } from '../src/ports/zendesk.js';
import { explainSurvey } from '../src/app/surveys/explain-survey.js';
import type { OutsideClients } from './integrations.js';

export function surveySettingsFrom(config: AppConfig): SurveySettings {
  return {
    ...config.surveys,
    defaultTimeZone: config.timezone,
    cesFieldId: config.zendesk.cesFieldId,
    publicUrl: config.publicUrl,
  };
}

export function surveyDepsFor(input: {
  config: AppConfig;
  store: Store;
  clock: Clock;
  logger: Logger;
  events: EventBus;
  outside: OutsideClients;
}): SurveyDeps {
  return {
    store: input.store,
    clock: input.clock,
    logger: input.logger.child({ component: 'surveys' }),
    events: input.events,
    settings: surveySettingsFrom(input.config),
    channels: {
      sms: input.outside.sms,
      slack: input.outside.slack,
      messaging: input.outside.messaging,
      whatsapp: input.outside.whatsapp,
    },
  };
}

/** `survey explain` and its API route: the survey decision for a ticket read from Zendesk; null while Zendesk is off. */
export function explainerFor(surveys: SurveyDeps, zendesk: ZendeskPort | null) {
  return zendesk ? (ticketId: number) => explainSurvey({ ...surveys, zendesk }, ticketId) : null;
}

export function twilioWebhooks(
  config: AppConfig,
  deps: { inbound: SurveyInbound; store: Store; clock: Clock; logger: Logger; metrics: Metrics },
) {
  const { store, ...rest } = deps;
  const shared = {
    ...rest,
    inbox: store.deliveries,
    atomically: store.atomically,
    authToken: config.twilio?.authToken ?? null,
    publicUrl: config.publicUrl,
  };
  return { twilioSmsWebhook: createTwilioSmsWebhook(shared), twilioStatusWebhook: createTwilioStatusWebhook(shared) };
}
