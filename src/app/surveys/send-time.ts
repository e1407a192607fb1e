import { nextAllowedSendTime } from '../../domain/survey/quiet-hours.js';
import type { SurveyChannel } from '../../domain/survey/survey.js';
import type { SurveySettings } from './settings.js';

/**
 * The first moment a survey may go out at or after `earliest`: a text to the customer's phone
 * or chat (SMS, WhatsApp, messaging, whose apps notify) waits for the end of quiet hours in
 * the customer's time zone (TIMEZONE when theirs is unknown or invalid). A Slack DM goes to a
 * colleague at work and does not wait.
 */
export function surveySendTime(
  earliest: Date,
  channel: SurveyChannel,
  customerTimeZone: string | null,
  settings: SurveySettings,
): Date {
  if (channel === 'slack') return earliest;
  if (customerTimeZone) {
    try {
      return nextAllowedSendTime(earliest, customerTimeZone, settings.quietHours);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
    }
  }
  return nextAllowedSendTime(earliest, settings.defaultTimeZone, settings.quietHours);
}
