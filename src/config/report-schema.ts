import { z } from 'zod';
import { isIanaTimeZone } from '../domain/time-zone.js';

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** `teams` in EFFORTLESS_CONFIG: how often team names are read again from Zendesk groups. */
export const teamsSection = z.object({ refreshMinutes: z.number().positive().max(10_080).default(60) }).strict();

/**
 * `report` in EFFORTLESS_CONFIG: the weekly digest posted to SLACK_ALERT_CHANNEL. It covers
 * the seven days before the posting time; `timeZone` defaults to TIMEZONE.
 */
export const reportSection = z
  .object({
    weekly: z
      .object({
        enabled: z.boolean().default(true),
        day: z.enum(WEEKDAYS).default('monday'),
        time: z
          .string()
          .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day as HH:MM')
          .default('09:00'),
        timeZone: z.string().refine(isIanaTimeZone, 'an IANA time zone such as Europe/Amsterdam').optional(),
      })
      .strict()
      .default({ enabled: true, day: 'monday', time: '09:00' }),
    /** How many teams and cases the report lists as the worst. */
    worstCount: z.number().int().min(1).max(50).default(5),
  })
  .strict();

export type ReportFileConfig = z.output<typeof reportSection>;
export const WEEKDAY_NUMBERS: Readonly<Record<Weekday, number>> = {
  sunday: 0,
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
  saturday: 6,
};
