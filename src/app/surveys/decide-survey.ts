import type { TicketAudit } from '../../domain/audit.js';
import { conversationFacts } from '../../domain/survey/conversation-facts.js';
import { chooseSurveyKind, type SurveyRule } from '../../domain/survey/journey.js';
import type { RuleVerdict } from '../../domain/survey/survey-rule.js';
import type { SurveyChannel, SurveyKind } from '../../domain/survey/survey.js';
import { evaluateSurveyRules, type SurveyRuleName, surveyPolicyRules } from '../../domain/survey/survey-rules.js';
import { availableSurveyLanguages, pickLanguage } from '../../domain/survey/texts.js';
import { questionTexts, wordingFor, wordingVersion } from '../../domain/survey/wording.js';
import type { CustomerProfile, TicketSnapshot } from '../../domain/ticket.js';
import type { CaseTimeline } from '../../domain/timeline.js';
import { chooseChannelFor } from './choose-channel.js';
import type { SurveyDeps } from './survey-deps.js';
import { textsFor } from './survey-view.js';

/** One solved case as the decision sees it: from the store when planning, from Zendesk when explaining. */
export interface SurveyCase {
  ticket: TicketSnapshot;
  customer: CustomerProfile | null;
  timeline: CaseTimeline;
  audits: readonly TicketAudit[];
}

/** What to ask, where, and what every rule said about it. */
export interface SurveyDecision {
  customer: CustomerProfile | null;
  journey: { matchedRule: number | null; rule: SurveyRule | null; sampleRate: number };
  kind: SurveyKind;
  wording: string | null;
  wordingVersion: string;
  language: string;
  /** The question as the customer would read it on the chosen channel (the SMS text for SMS). */
  question: string;
  /** Channels on which the customer is reachable, best first; `channel` is the first. */
  candidates: SurveyChannel[];
  channel: SurveyChannel | null;
  /** Why that channel (the last one the customer used, a journey rule, the fallback order). */
  channelReason: string | null;
  address: string | null;
  verdicts: Array<RuleVerdict<SurveyRuleName>>;
  /** The first rule that said no; null when the survey may go. */
  skip: { rule: SurveyRuleName; reason: string } | null;
}

/**
 * Decides whether, what and where to ask for one case. Reads only the service's own records
 * (opt-outs, earlier surveys); the case itself comes from the caller, so planning and
 * `survey explain` decide alike.
 */
export async function decideSurvey(
  deps: Pick<SurveyDeps, 'store' | 'settings' | 'channels'>,
  surveyCase: SurveyCase,
  now: Date,
  options: { ticketAlreadySurveyed: boolean },
): Promise<SurveyDecision> {
  const { store, settings } = deps;
  const { ticket, customer, timeline } = surveyCase;
  const journey = chooseSurveyKind(
    { tags: ticket.tags, groupId: ticket.groupId, formId: ticket.formId, type: ticket.type, channel: ticket.channel },
    settings.rules,
  );
  const rule = journey.matchedRule === null ? null : (settings.rules[journey.matchedRule] ?? null);
  const sampleRate = rule?.sample ?? 1;
  // The channel the customer last used on the case, after a journey rule's channel and before
  // the configured fallback order (choose-channel.ts).
  const { candidates, channel, reason, address, configured } = chooseChannelFor(deps, surveyCase, customer, journey);
  const outcome = evaluateSurveyRules(
    {
      now,
      channelsConfigured: configured,
      candidateChannels: candidates,
      optedOut: address ? await store.optOuts.isOptedOut(address) : false,
      lastSurveyToCustomerAt: customer ? await store.surveys.lastSentToCustomer(customer.id) : null,
      cooldownDays: settings.cooldownDays,
      ticketAlreadySurveyed: options.ticketAlreadySurveyed,
      ticket: {
        status: ticket.status,
        tags: ticket.tags,
        groupId: ticket.groupId,
        formId: ticket.formId,
        brandId: ticket.brandId ?? null,
        organizationId: ticket.organizationId ?? null,
      },
      conversation: conversationFacts(surveyCase.audits, timeline),
      requester: { id: ticket.requesterId, role: customer?.role ?? null, email: customer?.email ?? null },
      ticketId: ticket.id,
      sampleRate,
    },
    surveyPolicyRules(settings.policy),
  );
  const language = pickLanguage(customer?.locale ?? null, availableSurveyLanguages(settings.textOverrides));
  const wording = wordingFor(journey.kind, settings.cesWording);
  const asked = questionTexts(textsFor({ language, wording }, settings), journey.kind, wording);
  return {
    customer,
    journey: { matchedRule: journey.matchedRule, rule, sampleRate },
    kind: journey.kind,
    wording,
    wordingVersion: wordingVersion(journey.kind, wording, asked),
    language,
    question: channel === 'sms' ? asked.smsQuestion : asked.question,
    candidates,
    channel,
    channelReason: reason,
    address,
    verdicts: outcome.verdicts,
    skip: outcome.skip,
  };
}
