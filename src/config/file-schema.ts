import { DEFAULT_CHANNEL_FALLBACK } from '../domain/survey/channel-choice.js';
import { SURVEY_CHANNELS } from '../domain/survey/survey.js';
import { z } from 'zod';
import { alertsSection } from './alerts-schema.js';
import { reportSection, teamsSection } from './report-schema.js';
import {
  cesWordingSetting,
  sampleRate,
  surveyExcludeSection,
  surveyReminderSection,
  surveySkipSection,
} from './survey-rules-schema.js';

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

/** When and from what the index is fitted to CES answers (src/app/effort-model/refit-effort-model.ts). */
const effortModelSection = z
  .object({
    minAnswers: z.number().int().min(50).max(1_000_000).optional(),
    refitHours: z
      .number()
      .positive()
      .max(24 * 90)
      .optional(),
    lookbackDays: z.number().int().positive().max(3650).optional(),
  })
  .strict();

/** Mirrors DriverDefinitionsOverride (src/domain/driver-definitions.ts); docs/drivers.md explains each choice. */
const driversSection = z
  .object({
    handoffs: z.enum(['after-engagement', 'any-change']).optional(),
    /** Family name -> Zendesk via channels; replaces that family and takes its channels out of the others. */
    channelFamilies: z
      .record(z.string().min(1), z.array(z.string().min(1)).min(1))
      .superRefine((families, ctx) => {
        const seen = new Map<string, string>();
        for (const [family, channels] of Object.entries(families))
          for (const channel of channels.map((c) => c.toLowerCase())) {
            const other = seen.get(channel);
            if (other && other !== family)
              ctx.addIssue({ code: 'custom', message: `channel "${channel}" is in both ${other} and ${family}` });
            seen.set(channel, family);
          }
      })
      .optional(),
    repeatContact: z
      .object({
        windowDays: z.number().positive().max(365).optional(),
        sameTopic: z.enum(['any', 'form', 'tags']).optional(),
        tags: z.array(z.string().min(1)).optional(),
      })
      .strict()
      .refine((rule) => rule.sameTopic !== 'tags' || (rule.tags ?? []).length > 0, {
        message: 'sameTopic "tags" needs at least one tag in repeatContact.tags',
        path: ['tags'],
      })
      .optional(),
  })
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
    channel: z.enum(SURVEY_CHANNELS).optional(),
    sample: sampleRate.optional(),
  })
  .strict();

/** Texts per language: `{ "nl": { "thanks": "...", "CES": { "smsQuestion": "..." } } }`; keys checked against the defaults. */
const textOverrides = z.record(
  z.string().min(2),
  z.record(z.string(), z.union([z.string().min(1), z.record(z.string(), z.string().min(1))])),
);

/** A Twilio Content template: `HX` and 32 hex characters, with its placeholders' values. */
const whatsappTemplate = z
  .object({
    contentSid: z.string().regex(/^HX[0-9a-fA-F]{32}$/, 'expected a Content SID: HX followed by 32 hex characters'),
    variables: z.record(z.string().regex(/^\w+$/), z.string()).default({}),
  })
  .strict();

const surveysSection = z
  .object({
    trigger: z.enum(['solved', 'closed']).default('solved'),
    /** Replaces the default journey rules when given; first match wins, CES otherwise. */
    rules: z.array(surveyRule).optional(),
    texts: textOverrides.default({}),
    companyName: z.string().min(1).default('our support team'),
    replyWindowHours: z.number().positive().default(72),
    skip: surveySkipSection.default(surveySkipSection.parse({})),
    exclude: surveyExcludeSection.default(surveyExcludeSection.parse({})),
    cesWording: cesWordingSetting,
    reminder: surveyReminderSection.optional(),
    againOnNewResolution: z.boolean().default(false),
    /** Channels tried after a rule's and the one the customer last used, in this order. */
    channelFallback: z
      .array(z.enum(SURVEY_CHANNELS))
      .refine((list) => new Set(list).size === list.length, 'a channel is listed twice')
      .default([...DEFAULT_CHANNEL_FALLBACK]),
    /** Per language, per kind: the WhatsApp template sent outside the 24-hour window. */
    whatsappTemplates: z
      .record(
        z.string().min(2),
        z.object({ CES: whatsappTemplate, CSAT: whatsappTemplate, NPS: whatsappTemplate }).partial().strict(),
      )
      .default({}),
  })
  .strict();

/**
 * EFFORTLESS_CONFIG: rules and texts that are too rich for environment variables.
 * Unknown keys are refused so that a typo does not silently fall back to defaults.
 */
export const fileConfigSchema = z
  .object({
    effort: z
      .object({ weights: effortWeightsOverride.default({}), model: effortModelSection.default({}) })
      .strict()
      .default({ weights: {}, model: {} }),
    drivers: driversSection.default({}),
    surveys: surveysSection.default({
      trigger: 'solved',
      texts: {},
      companyName: 'our support team',
      replyWindowHours: 72,
      skip: surveySkipSection.parse({}),
      exclude: surveyExcludeSection.parse({}),
      cesWording: 'ease',
      againOnNewResolution: false,
      channelFallback: [...DEFAULT_CHANNEL_FALLBACK],
      whatsappTemplates: {},
    }),
    alerts: alertsSection.default(alertsSection.parse({})),
    teams: teamsSection.default(teamsSection.parse({})),
    report: reportSection.default(reportSection.parse({})),
  })
  .strict();

export type FileConfig = z.output<typeof fileConfigSchema>;
