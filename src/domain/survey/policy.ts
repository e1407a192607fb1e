import type { SurveyChannel } from './survey.js';

/** Everything the policy needs, already looked up by the caller: the rules do no I/O. */
export interface SurveyPolicyContext {
  now: Date;
  /** Which survey channels are set up; a channel left out counts as off. */
  channelsConfigured: Partial<Record<SurveyChannel, boolean>>;
  /** Channels on which the customer is reachable, from `surveyChannelCandidates`. */
  candidateChannels: SurveyChannel[];
  optedOut: boolean;
  lastSurveyToCustomerAt: Date | null;
  /** SURVEY_COOLDOWN_DAYS; 0 turns the cooldown off. */
  cooldownDays: number;
  /** A survey row exists for this ticket, whatever its status (sent, skipped, ...). */
  ticketAlreadySurveyed: boolean;
  /** The ticket as it is now, read just before deciding (not as it was when solved). */
  ticket: { status: string; tags: string[] };
}

export type SurveyPolicyRuleName =
  | 'integration_configured'
  | 'not_spam_merged_or_deleted'
  | 'ticket_still_solved'
  | 'one_survey_per_ticket'
  | 'not_opted_out'
  | 'customer_reachable'
  | 'cooldown';

export interface SurveyPolicyRule {
  name: SurveyPolicyRuleName;
  /** The reason it says no, recorded with the skipped survey; null when it says yes. */
  check(ctx: SurveyPolicyContext): string | null;
}

export type SurveyPolicyDecision = { ok: true } | { ok: false; rule: SurveyPolicyRuleName; reason: string };

const DAY_MS = 24 * 60 * 60 * 1000;

/** Zendesk tags a ticket closed by a merge with `closed_by_merge`; `spam` is the usual marker. */
const EXCLUDED_TAGS = ['spam', 'closed_by_merge'];

/** Statuses in which the ticket is still done: `closed` follows `solved` after a while. */
const DONE_STATUSES = ['solved', 'closed'];

/**
 * The rules in the order they run; the first that says no is the recorded reason.
 * 1. Configuration first: with no SMS or Slack set up nothing else matters, and the
 *    reason tells the operator what to fix.
 * 2-4. Then the ticket: a spam, merged or deleted ticket is not a real case; a reopened one
 *    is not done; one already surveyed must never be asked twice. Ticket facts come before
 *    customer facts so the reason describes the case when the case is the problem.
 * 5. Opt-out before reachability and cooldown: it is the customer's explicit wish and a
 *    lasting reason, which a support lead must see rather than a passing cooldown.
 * 6. Reachability, then 7. the cooldown last: it is the most temporary reason.
 */
export const SURVEY_POLICY_RULES: ReadonlyArray<SurveyPolicyRule> = Object.freeze([
  {
    name: 'integration_configured',
    check: ({ channelsConfigured }) =>
      Object.values(channelsConfigured).some(Boolean)
        ? null
        : 'no survey channel is configured (set up Twilio for SMS or WhatsApp, Sunshine Conversations or Slack)',
  },
  {
    name: 'not_spam_merged_or_deleted',
    check: ({ ticket }) => {
      if (ticket.status.toLowerCase() === 'deleted') return 'the ticket was deleted';
      const tags = ticket.tags.map((tag) => tag.toLowerCase());
      const tag = EXCLUDED_TAGS.find((excluded) => tags.includes(excluded));
      return tag ? `the ticket is tagged ${tag}` : null;
    },
  },
  {
    name: 'ticket_still_solved',
    check: ({ ticket }) =>
      DONE_STATUSES.includes(ticket.status.toLowerCase())
        ? null
        : `the ticket is no longer solved (status ${ticket.status})`,
  },
  {
    name: 'one_survey_per_ticket',
    check: ({ ticketAlreadySurveyed }) => (ticketAlreadySurveyed ? 'this ticket already has a survey' : null),
  },
  {
    name: 'not_opted_out',
    check: ({ optedOut }) => (optedOut ? 'the customer opted out of surveys' : null),
  },
  {
    name: 'customer_reachable',
    check: ({ candidateChannels }) =>
      candidateChannels.length > 0 ? null : 'the customer is not reachable on a configured survey channel',
  },
  {
    name: 'cooldown',
    check: ({ now, lastSurveyToCustomerAt, cooldownDays }) => {
      if (!lastSurveyToCustomerAt || cooldownDays <= 0) return null;
      const until = new Date(lastSurveyToCustomerAt.getTime() + cooldownDays * DAY_MS);
      if (now.getTime() >= until.getTime()) return null;
      return `the customer was surveyed at ${lastSurveyToCustomerAt.toISOString()}; cooldown of ${cooldownDays} days until ${until.toISOString()}`;
    },
  },
] satisfies SurveyPolicyRule[]);

/** Runs the rules in order; the first no wins. `rules` is a parameter so tests can pass their own. */
export function evaluateSurveyPolicy(
  ctx: SurveyPolicyContext,
  rules: ReadonlyArray<SurveyPolicyRule> = SURVEY_POLICY_RULES,
): SurveyPolicyDecision {
  for (const rule of rules) {
    const reason = rule.check(ctx);
    if (reason !== null) return { ok: false, rule: rule.name, reason };
  }
  return { ok: true };
}
