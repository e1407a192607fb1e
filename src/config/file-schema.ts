import { z } from 'zod';
import { alertsSection } from './alerts-schema.js';

const points = z.number().min(0);
const durationWeight = z
  .object({ graceMinutes: points, minutesPerPoint: z.number().positive(), maxPoints: points })
  .partial()
  .strict();

/** Mirrors EffortWeights (src/domain/effort-index.ts); every key optional, unknown keys refused. */
const effortWeightsOverride = z
  .object({
    channelSwitch: points,
    teamHandoff: points,
    agentHandoff: points,
    reopen: points,
    extraContact: points,
    repeatContact: points,
    notFirstContactResolution: points,
    slowResolution: durationWeight,
    customerWait: durationWeight,
    levels: z
      .object({ medium: z.number().int().min(1).max(100), high: z.number().int().min(1).max(100) })
      .partial()
      .strict(),
  })
  .partial()
  .strict();

const surveyRule = z
  .object({
    when: z
      .object({
        tags: z.array(z.string()).optional(),
        groupIds: z.array(z.number().int()).optional(),
        formIds: z.array(z.number().int()).optional(),
        types: z.array(z.string()).optional(),
        channels: z.array(z.string()).optional(),
      })
      .strict(),
    ask: z.enum(['CES', 'CSAT', 'NPS']),
    channel: z.enum(['sms', 'slack']).optional(),
  })
  .strict();

/** Texts per language: `{ "nl": { "thanks": "...", "CES": { "smsQuestion": "..." } } }`; keys checked against the defaults. */
const textOverrides = z.record(
  z.string().min(2),
  z.record(z.string(), z.union([z.string().min(1), z.record(z.string(), z.string().min(1))])),
);

const surveysSection = z
  .object({
    trigger: z.enum(['solved', 'closed']).default('solved'),
    /** Replaces the default journey rules when given; first match wins, CES otherwise. */
    rules: z.array(surveyRule).optional(),
    texts: textOverrides.default({}),
    companyName: z.string().min(1).default('our support team'),
    replyWindowHours: z.number().positive().default(72),
  })
  .strict();

/**
 * EFFORTLESS_CONFIG: rules and texts that are too rich for environment variables.
 * Unknown keys are refused so that a typo does not silently fall back to defaults.
 */
export const fileConfigSchema = z
  .object({
    effort: z
      .object({ weights: effortWeightsOverride.default({}) })
      .strict()
      .default({ weights: {} }),
    surveys: surveysSection.default({
      trigger: 'solved',
      texts: {},
      companyName: 'our support team',
      replyWindowHours: 72,
    }),
    alerts: alertsSection.default(alertsSection.parse({})),
  })
  .strict();

export type FileConfig = z.output<typeof fileConfigSchema>;
