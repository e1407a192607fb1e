import { z } from 'zod';
import { DEFAULT_CONVERSATION_RULE_SETTINGS } from '../domain/survey/conversation-rules.js';
import { DEFAULT_SURVEY_EXCLUSIONS } from '../domain/survey/exclusion-rules.js';
import { CES_WORDINGS } from '../domain/survey/wording.js';

/**
 * The keys of `surveys` in EFFORTLESS_CONFIG that say when not to ask and when to ask
 * again; kept apart from file-schema.ts so the survey rules read as one unit.
 */

const ids = z.array(z.number().int().positive());

/** `surveys.skip`: each "not a real conversation" rule is on unless set to false. */
export const surveySkipSection = z
  .object({
    noPublicAgentReply: z.boolean().default(DEFAULT_CONVERSATION_RULE_SETTINGS.noPublicAgentReply),
    solvedByAutomation: z.boolean().default(DEFAULT_CONVERSATION_RULE_SETTINGS.solvedByAutomation),
    noCustomerMessage: z.boolean().default(DEFAULT_CONVERSATION_RULE_SETTINGS.noCustomerMessage),
    agentRequester: z.boolean().default(DEFAULT_CONVERSATION_RULE_SETTINGS.agentRequester),
    botUserIds: ids.default([]),
  })
  .strict();

/** `surveys.exclude`: tags, groups, forms, brands, organizations and email domains never surveyed. */
export const surveyExcludeSection = z
  .object({
    tags: z.array(z.string().trim().min(1)).default([...DEFAULT_SURVEY_EXCLUSIONS.tags]),
    groupIds: ids.default([]),
    formIds: ids.default([]),
    brandIds: ids.default([]),
    organizationIds: ids.default([]),
    emailDomains: z
      .array(
        z
          .string()
          .trim()
          .regex(/^@?[a-z0-9-]+(\.[a-z0-9-]+)+$/i, 'a domain such as "example.com"'),
      )
      .default([]),
  })
  .strict();

/** `surveys.reminder`: off unless given; `afterHours` without an answer, at most once. */
export const surveyReminderSection = z
  .object({
    afterHours: z
      .number()
      .positive()
      .max(24 * 14),
  })
  .strict();

export const cesWordingSetting = z.enum(CES_WORDINGS).default('ease');

/** A journey rule's `sample`: the share of eligible tickets to ask, 0 < rate <= 1. */
export const sampleRate = z.number().gt(0).max(1);
