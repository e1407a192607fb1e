import type { Logger } from '../../logger.js';
import type { MessagingSender, SlackSurveySender, SmsSender } from '../../ports/survey-channels.js';
import type { Store } from '../../ports/store.js';
import type { Clock } from '../../ports/clock.js';
import type { EventBus } from '../event-bus.js';
import type { SurveySettings } from './settings.js';

export interface SurveyDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  events: EventBus;
  settings: SurveySettings;
  /** null when that integration is off; `whatsapp` is Twilio with TWILIO_WHATSAPP_FROM. */
  channels: {
    sms: SmsSender | null;
    slack: SlackSurveySender | null;
    messaging: MessagingSender | null;
    whatsapp: SmsSender | null;
  };
}

/** One outbox message per planned send; a survey planned again after a cancel gets a new one. */
export function surveySendKey(surveyId: number, scheduledFor: Date): string {
  return `survey.send:${surveyId}:${scheduledFor.getTime()}`;
}
