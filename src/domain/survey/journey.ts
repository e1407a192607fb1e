import type { SurveyChannel, SurveyKind } from './survey.js';

/**
 * One journey rule from EFFORTLESS_CONFIG: when the solved ticket matches, ask `ask`.
 * Every condition given must hold; within one condition any listed value matches. An
 * empty list counts as not given, so `when: {}` is a catch-all. Tags, types and channels
 * compare case-insensitively (Zendesk lowercases tags; operators type "Order").
 */
export interface SurveyRule {
  when: {
    tags?: string[];
    groupIds?: number[];
    formIds?: number[];
    /** Zendesk ticket type: question, incident, problem, task. */
    types?: string[];
    /** `via.channel` of the ticket's creation: email, web, voice, sms, chat, ... */
    channels?: string[];
  };
  ask: SurveyKind;
  /** Send on this channel when the customer is reachable on it. */
  channel?: SurveyChannel;
  /** Ask this share of the eligible tickets (0 < sample <= 1), chosen by a stable hash of the ticket id. */
  sample?: number;
}

export interface JourneyTicket {
  tags: string[];
  groupId: number | null;
  formId: number | null;
  type: string | null;
  channel: string;
}

export interface SurveyKindChoice {
  kind: SurveyKind;
  channel: SurveyChannel | null;
  /** Index into the rules of the rule that matched; null when the default applied. */
  matchedRule: number | null;
}

/** Support contacts get CES unless a rule says otherwise. */
export const DEFAULT_SURVEY_KIND: SurveyKind = 'CES';

/**
 * The rules that ship. Operators replace the whole list in EFFORTLESS_CONFIG.
 * 1. A ticket tagged `complaint` gets CES, even when it is also about an order: asking
 *    someone who complained whether they would recommend us reads as tone-deaf, and the
 *    effort question is the one that helps fix the process. It must stay first.
 * 2. A ticket tagged `order`, `purchase` or `checkout` is a step in the buying journey:
 *    NPS measures the relationship there better than effort on one contact.
 * Everything else falls through to CES. CSAT has no default rule; an operator adds one,
 * e.g. `{ "when": { "tags": ["billing"] }, "ask": "CSAT" }`.
 */
export const DEFAULT_SURVEY_RULES: SurveyRule[] = [
  { when: { tags: ['complaint'] }, ask: 'CES' },
  { when: { tags: ['order', 'purchase', 'checkout'] }, ask: 'NPS' },
];

/** First matching rule wins; no match asks the default CES on no particular channel. */
export function chooseSurveyKind(ticket: JourneyTicket, rules: readonly SurveyRule[]): SurveyKindChoice {
  const index = rules.findIndex((rule) => ruleMatches(rule, ticket));
  const rule = rules[index];
  if (!rule) return { kind: DEFAULT_SURVEY_KIND, channel: null, matchedRule: null };
  return { kind: rule.ask, channel: rule.channel ?? null, matchedRule: index };
}

export function ruleMatches(rule: SurveyRule, ticket: JourneyTicket): boolean {
  const { tags, groupIds, formIds, types, channels } = rule.when;
  const ticketTags = ticket.tags.map(lower);
  return (
    given(tags, (wanted) => wanted.some((tag) => ticketTags.includes(lower(tag)))) &&
    given(groupIds, (wanted) => ticket.groupId !== null && wanted.includes(ticket.groupId)) &&
    given(formIds, (wanted) => ticket.formId !== null && wanted.includes(ticket.formId)) &&
    given(types, (wanted) => ticket.type !== null && wanted.some((type) => lower(type) === lower(ticket.type!))) &&
    given(channels, (wanted) => wanted.some((channel) => lower(channel) === lower(ticket.channel)))
  );
}

function given<T>(values: T[] | undefined, test: (values: T[]) => boolean): boolean {
  return values === undefined || values.length === 0 || test(values);
}

const lower = (value: string) => value.trim().toLowerCase();
