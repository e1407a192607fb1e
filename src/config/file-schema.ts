import { z } from 'zod';

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
    levels: z.object({ medium: z.number().int().min(1).max(100), high: z.number().int().min(1).max(100) }).partial().strict(),
  })
  .partial()
  .strict();

/**
 * EFFORTLESS_CONFIG: rules and texts that are too rich for environment variables.
 * Unknown keys are refused so that a typo does not silently fall back to defaults.
 */
export const fileConfigSchema = z
  .object({
    effort: z.object({ weights: effortWeightsOverride.default({}) }).strict().default({ weights: {} }),
  })
  .strict();

export type FileConfig = z.output<typeof fileConfigSchema>;
