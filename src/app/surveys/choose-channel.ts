import { chooseSurveyChannels, type ChannelCandidate } from '../../domain/survey/channel-choice.js';
import type { SurveyKindChoice } from '../../domain/survey/journey.js';
import type { SurveyChannel } from '../../domain/survey/survey.js';
import type { CustomerProfile } from '../../domain/ticket.js';
import type { TicketAudit } from '../../domain/audit.js';
import type { CaseTimeline } from '../../domain/timeline.js';
import type { SurveyDeps } from './survey-deps.js';

export interface ChannelDecision {
  /** Every channel that reaches the customer, best first (the policy's `candidateChannels`). */
  candidates: SurveyChannel[];
  channel: SurveyChannel | null;
  reason: string | null;
  /** Where to send on `channel`: phone, `whatsapp:` + phone, conversation id or email. */
  address: string | null;
  configured: Record<SurveyChannel, boolean>;
}

/** Which channels are set up in this process. */
export function configuredChannels(deps: Pick<SurveyDeps, 'channels'>): Record<SurveyChannel, boolean> {
  const { sms, slack, messaging, whatsapp } = deps.channels;
  return { sms: sms !== null, slack: slack !== null, messaging: messaging !== null, whatsapp: whatsapp !== null };
}

/** The address a survey on `channel` goes to, from what we know of the customer and the case. */
export function addressFor(
  channel: SurveyChannel,
  customer: CustomerProfile | null,
  conversationId: string | null,
): string | null {
  switch (channel) {
    case 'sms':
      return customer?.phone ?? null;
    case 'whatsapp':
      return customer?.phone ? `whatsapp:${customer.phone}` : null;
    case 'messaging':
      return conversationId;
    case 'slack':
      return customer?.email ?? null;
  }
}

/**
 * Asks on the channel the customer last used on the case, after a journey rule's channel and
 * before the configured fallback order (src/domain/survey/channel-choice.ts). The messaging
 * conversation comes from the case's audits.
 */
export function chooseChannelFor(
  deps: Pick<SurveyDeps, 'channels' | 'settings'>,
  surveyCase: { timeline: CaseTimeline; audits: readonly TicketAudit[] },
  customer: CustomerProfile | null,
  journey: SurveyKindChoice,
): ChannelDecision {
  const conversationId = caseConversation(surveyCase.audits);
  const configured = configuredChannels(deps);
  const chosen: ChannelCandidate[] = chooseSurveyChannels({
    customerTouches: surveyCase.timeline.touches.filter((t) => t.actor === 'customer'),
    phone: customer?.phone ?? null,
    email: customer?.email ?? null,
    conversationId,
    rule:
      journey.channel && journey.matchedRule !== null
        ? { channel: journey.channel, number: journey.matchedRule + 1 }
        : null,
    configured,
    fallback: deps.settings.channelFallback,
  });
  const first = chosen[0] ?? null;
  return {
    candidates: chosen.map((c) => c.channel),
    channel: first?.channel ?? null,
    reason: first?.reason ?? null,
    address: first ? addressFor(first.channel, customer, conversationId) : null,
    configured,
  };
}

/** The latest Sunshine Conversations conversation the ticket's audits name, if it ran in messaging. */
function caseConversation(audits: readonly TicketAudit[]): string | null {
  let conversationId: string | null = null;
  for (const audit of audits)
    for (const event of audit.events) if (event.kind === 'conversation') conversationId = event.conversationId;
  return conversationId;
}
