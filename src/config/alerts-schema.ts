import { z } from 'zod';
import { ALERT_METRICS } from '../domain/alerts/alert-metrics.js';

const minEffect = z.partialRecord(z.enum(ALERT_METRICS), z.number().min(0));

/** Everything in a segment's rules can be set per segment; unknown keys are refused. */
const segmentRules = z
  .object({
    recentHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 7),
    baselineDays: z.number().int().min(1).max(365),
    minRecent: z.number().int().min(2),
    minBaseline: z.number().int().min(2),
    alpha: z.number().gt(0).lt(0.5),
    resolveAlpha: z.number().gt(0).lt(1),
    minEffect,
  })
  .partial()
  .strict();

/** `alerts` in effortless.config.json; see the README's "Alerts" section. */
export const alertsSection = z
  .object({
    evaluateEveryMinutes: z.number().positive().default(5),
    cooldownMinutes: z.number().min(0).default(360),
    updateIntervalMinutes: z.number().min(0).default(60),
    /** Defaults for every segment. */
    rules: segmentRules.default({}),
    /** Per segment key: 'all', 'group:<id>', 'channel:<name>', 'tag:<tag>', 'form:<id>'. */
    segments: z
      .record(
        z
          .string()
          .regex(
            /^(all|group:(\d+|none)|channel:.+|tag:.+|form:\d+)$/,
            'a segment key such as group:42 or channel:email',
          ),
        segmentRules,
      )
      .default({}),
    /** Ticket tags and form ids that get their own segment. */
    watch: z
      .object({ tags: z.array(z.string().min(1)).default([]), formIds: z.array(z.number().int()).default([]) })
      .strict()
      .default({ tags: [], formIds: [] }),
    /** Zendesk group id -> the team name leads use (`/effort billing`). */
    teamNames: z.record(z.string().regex(/^\d+$/, 'a Zendesk group id'), z.string().min(1)).default({}),
    lowScore: z
      .object({ enabled: z.boolean().default(true), maxScore: z.number().int().min(1).max(7).default(2) })
      .strict()
      .default({ enabled: true, maxScore: 2 }),
  })
  .strict();

export type AlertsFileConfig = z.output<typeof alertsSection>;
