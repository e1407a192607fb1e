import {
  type ConversationRuleContext,
  type ConversationRuleName,
  type ConversationRuleSettings,
  conversationRules,
} from './conversation-rules.js';
import {
  type ExclusionRuleContext,
  type ExclusionRuleName,
  exclusionRules,
  type SurveyExclusions,
} from './exclusion-rules.js';
import { SURVEY_POLICY_RULES, type SurveyPolicyContext, type SurveyPolicyRuleName } from './policy.js';
import { SAMPLING_RULE, type SamplingRuleContext } from './sampling.js';
import { explainRules, firstNo, type NamedSurveyRule, type RuleVerdict } from './survey-rule.js';

/** Everything the whole policy reads; the caller looks it all up first, the rules do no I/O. */
export type SurveyRulesContext = SurveyPolicyContext &
  ConversationRuleContext &
  ExclusionRuleContext &
  SamplingRuleContext;

export type SurveyRuleName = SurveyPolicyRuleName | ConversationRuleName | ExclusionRuleName | 'sampled';

export interface SurveyRuleSettings {
  skip: ConversationRuleSettings;
  exclude: SurveyExclusions;
}

type Rule = NamedSurveyRule<SurveyRulesContext, SurveyRuleName>;

/** Base rules about the ticket itself, which come before anything configured. */
const CASE_RULES: readonly SurveyPolicyRuleName[] = [
  'integration_configured',
  'not_spam_merged_or_deleted',
  'ticket_still_solved',
  'one_survey_per_ticket',
];

/**
 * The whole policy in the order it runs; the first no is the recorded reason.
 * 1. The base case rules (configured, not spam, still solved, not surveyed yet).
 * 2. The operator's exclusions: an agent's `no_survey` macro is the clearest reason there is.
 * 3. Whether it was a real conversation (requester, customer's part, public reply, solver).
 * 4. The customer's rules: opt-out, reachability, cooldown (policy.ts explains that order).
 * 5. Sampling last, so the rate is a share of the tickets that could have been asked.
 */
export function surveyPolicyRules(settings: SurveyRuleSettings): Rule[] {
  const base = SURVEY_POLICY_RULES as ReadonlyArray<Rule>;
  return [
    ...base.filter((rule) => CASE_RULES.includes(rule.name as SurveyPolicyRuleName)),
    ...(exclusionRules(settings.exclude) as Rule[]),
    ...(conversationRules(settings.skip) as Rule[]),
    ...base.filter((rule) => !CASE_RULES.includes(rule.name as SurveyPolicyRuleName)),
    SAMPLING_RULE as Rule,
  ];
}

export interface SurveyRulesOutcome {
  verdicts: Array<RuleVerdict<SurveyRuleName>>;
  /** The first rule that said no; null when every rule let it through. */
  skip: { rule: SurveyRuleName; reason: string } | null;
}

/** Every verdict (for an explanation) and the deciding one (for the record). */
export function evaluateSurveyRules(ctx: SurveyRulesContext, rules: readonly Rule[]): SurveyRulesOutcome {
  const verdicts = explainRules(ctx, rules);
  return { verdicts, skip: firstNo(verdicts) };
}
