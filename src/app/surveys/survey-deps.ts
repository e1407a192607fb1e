import type { Logger } from '../../logger.js';
import type { SlackSurveySender, SmsSender } from '../../ports/survey-channels.js';
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
  /** null when that integration is off. */
  channels: { sms: SmsSender | null; slack: SlackSurveySender | null };
}

/** One outbox message per planned send; a survey planned again after a cancel gets a new one. */
export function surveySendKey(surveyId: number, scheduledFor: Date): string {
  return `survey.send:${surveyId}:${scheduledFor.getTime()}`;
}
