import { buildTimeline } from '../../domain/build-timeline.js';
import type { SurveyRule } from '../../domain/survey/journey.js';
import type { RuleVerdict } from '../../domain/survey/survey-rule.js';
import type { SurveyChannel, SurveyKind } from '../../domain/survey/survey.js';
import type { SurveyRuleName } from '../../domain/survey/survey-rules.js';
import { surveyRoundFor } from '../../domain/survey/survey-round.js';
import { maskPhone } from '../../logger.js';
import type { ZendeskPort } from '../../ports/zendesk.js';
import { decideSurvey } from './decide-survey.js';
import type { SurveyDeps } from './survey-deps.js';

/** What `survey explain` and `GET /api/tickets/{id}/survey-decision` answer. */
export interface SurveyExplanation {
  ticketId: number;
  /** The ticket's status in Zendesk now; the rules judge it as if it were being solved now. */
  status: string;
  journey: {
    /** 1-based position of the journey rule that matched in `surveys.rules`; null when the default (CES) applied. */
    rule: number | null;
    when: SurveyRule['when'] | null;
    sample: number;
  };
  question: { kind: SurveyKind; wording: string | null; wordingVersion: string; language: string; text: string };
  channel: { chosen: SurveyChannel | null; candidates: SurveyChannel[]; address: string | null };
  verdicts: Array<RuleVerdict<SurveyRuleName>>;
  decision: { send: true } | { send: false; rule: SurveyRuleName | 'customer_reachable'; reason: string };
  /** The survey already recorded for this ticket, if any. */
  existingSurvey: {
    id: number;
    round: number;
    status: string;
    skipRule: string | null;
    skipReason: string | null;
  } | null;
}

export type ExplainSurveyDeps = Pick<SurveyDeps, 'store' | 'settings' | 'channels' | 'clock' | 'logger'> & {
  zendesk: ZendeskPort;
};

/**
 * Reads the ticket, its audits and its requester from Zendesk and runs the same decision a
 * solve would, sending and storing nothing. Null when Zendesk does not have the ticket.
 */
export async function explainSurvey(deps: ExplainSurveyDeps, ticketId: number): Promise<SurveyExplanation | null> {
  const ticket = await deps.zendesk.getTicket(ticketId);
  if (!ticket) return null;
  const [audits, botUserId, customer] = await Promise.all([
    deps.zendesk.listAudits(ticketId),
    deps.zendesk.getBotUserId(),
    ticket.requesterId === null ? Promise.resolve(null) : deps.zendesk.getUser(ticket.requesterId),
  ]);
  const timeline = buildTimeline({
    ticketId,
    requesterId: ticket.requesterId,
    createdAt: ticket.createdAt,
    audits,
    botUserId,
  });
  const existing = await deps.store.surveys.getByTicket(ticketId);
  const now = deps.clock.now();
  const decision = await decideSurvey(deps, { ticket, customer, timeline, audits }, now, {
    ticketAlreadySurveyed: surveyRoundFor(existing, deps.settings.againOnNewResolution, now) === null,
  });
  deps.logger.info({ ticketId, skipRule: decision.skip?.rule ?? null }, 'survey decision explained');
  return {
    ticketId,
    status: ticket.status,
    journey: {
      rule: decision.journey.matchedRule === null ? null : decision.journey.matchedRule + 1,
      when: decision.journey.rule?.when ?? null,
      sample: decision.journey.sampleRate,
    },
    question: {
      kind: decision.kind,
      wording: decision.wording,
      wordingVersion: decision.wordingVersion,
      language: decision.language,
      text: decision.question,
    },
    channel: {
      chosen: decision.channel,
      candidates: decision.candidates,
      address: maskAddress(decision.channel, decision.address),
    },
    verdicts: decision.verdicts,
    decision: decision.skip
      ? { send: false, ...decision.skip }
      : decision.channel === null
        ? { send: false, rule: 'customer_reachable', reason: 'no channel reaches this customer' }
        : { send: true },
    existingSurvey: existing && {
      id: existing.id,
      round: existing.round,
      status: existing.status,
      skipRule: existing.skipRule,
      skipReason: existing.skipReason,
    },
  };
}

/** Enough to recognise the address, never all of it: `***678`, `a***@example.com`. */
function maskAddress(channel: SurveyChannel | null, address: string | null): string | null {
  if (!address) return null;
  if (channel === 'sms') return maskPhone(address);
  const at = address.indexOf('@');
  return at > 0 ? `${address[0]}***${address.slice(at)}` : '***';
}
