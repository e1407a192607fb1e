import { createTwilioSmsWebhook, createTwilioStatusWebhook } from '../integrations/twilio/webhook.js';
import type { SurveySettings } from './app/surveys/settings.js';
import type { SurveyDeps, SurveySendMessage } from './app/surveys/survey-deps.js';
import type { Clock } from './app/clock.js';
import type { AppConfig } from './config/load-config.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';
import type { OutboxMessage, DeliveryInbox } from './ports/store.js';
import type { SurveyInbound } from './ports/survey-channels.js';

export function surveySettingsFrom(config: AppConfig): SurveySettings {
  return {
    ...config.surveys,
    delaySeconds: config.survey.delaySeconds,
    cooldownDays: config.survey.cooldownDays,
    quietHours: config.survey.quietHours,
    defaultTimeZone: config.timezone,
    cesFieldId: config.zendesk.cesFieldId,
    publicUrl: config.publicUrl,
  };
}

/** After the outbox's last try the survey is failed, with the reason, instead of "scheduled" forever. */
export function markSurveyFailed(deps: SurveyDeps) {
  return async (message: OutboxMessage, error: string) => {
    const { surveyId } = message.payload as SurveySendMessage;
    const survey = await deps.store.surveys.getById(surveyId);
    if (survey?.status === 'scheduled') await deps.store.surveys.update(surveyId, { status: 'failed', deliveryError: error }, deps.clock.now());
  };
}

export function twilioWebhooks(
  config: AppConfig,
  deps: { inbound: SurveyInbound; inbox: DeliveryInbox; clock: Clock; logger: Logger; metrics: Metrics },
) {
  const shared = { ...deps, authToken: config.twilio?.authToken ?? null, publicUrl: config.publicUrl };
  return { twilioSmsWebhook: createTwilioSmsWebhook(shared), twilioStatusWebhook: createTwilioStatusWebhook(shared) };
}
