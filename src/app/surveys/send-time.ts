import { nextAllowedSendTime } from '../../domain/survey/quiet-hours.js';
import type { SurveyChannel } from '../../domain/survey/survey.js';
import type { SurveySettings } from './settings.js';

/**
 * The first moment a survey may go out at or after `earliest`: SMS waits for the end of
 * quiet hours in the customer's time zone (TIMEZONE when theirs is unknown or invalid).
 */
export function surveySendTime(
  earliest: Date,
  channel: SurveyChannel,
  customerTimeZone: string | null,
  settings: SurveySettings,
): Date {
  if (channel !== 'sms') return earliest;
  if (customerTimeZone) {
    try {
      return nextAllowedSendTime(earliest, customerTimeZone, settings.quietHours);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
    }
  }
  return nextAllowedSendTime(earliest, settings.defaultTimeZone, settings.quietHours);
}
