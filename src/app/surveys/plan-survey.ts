import type { SurveyChannel } from '../../domain/survey/survey.js';
import type { CustomerProfile } from '../../domain/ticket.js';
import { chooseSurveyKind } from '../../domain/survey/journey.js';
import { evaluateSurveyPolicy, type SurveyPolicyDecision } from '../../domain/survey/policy.js';
import { availableSurveyLanguages, pickLanguage } from '../../domain/survey/texts.js';
import type { TicketEffortRecord } from '../../ports/store.js';
import type { NewSurvey, SurveyRecord } from '../../ports/survey-store.js';
import { surveySendTime } from './send-time.js';
import { SURVEY_SEND, type SurveySendPayload } from '../../ports/outbox.js';
import { surveySendKey, type SurveyDeps } from './survey-deps.js';
import { chooseChannelFor } from './choose-channel.js';

const REPLANNABLE = new Set(['cancelled', 'skipped']);

type Logger = SurveyDeps['logger'];

/** A survey row before its status is decided. */
type UnsentSurvey = Omit<NewSurvey, 'status' | 'skipRule' | 'skipReason' | 'scheduledFor'>;

/** What to ask, where, and whether the policy lets us. */
interface SurveyDecision {
  customer: CustomerProfile | null;
  kind: SurveyRecord['kind'];
  channel: SurveyChannel | null;
  channelReason: string | null;
  address: string | null;
  verdict: SurveyPolicyDecision;
}

/**
 * Decides whether, what and where to ask once a ticket is solved, records the decision
 * (a skip with the rule and reason that said no) and queues the send in the outbox.
 */
export async function planSurvey(deps: SurveyDeps, ticketId: number, solvedAt: Date): Promise<SurveyRecord | null> {
  const log = deps.logger.child({ ticketId });
  const now = deps.clock.now();
  const effort = await deps.store.tickets.getEffort(ticketId);
  if (!effort) {
    log.warn('no timeline for a solved ticket; no survey planned');
    return null;
  }
  const existing = await deps.store.surveys.getByTicket(ticketId);
  // One survey per ticket ever: a survey that went out (or is on its way) is never replaced.
  if (existing && !REPLANNABLE.has(existing.status)) return existing;

  const decision = await decideSurvey(deps, effort, now);
  const unsent = surveyAsSolved(deps, effort, decision);
  if (!decision.verdict.ok || decision.channel === null) return recordSkip(deps, unsent, decision.verdict, now, log);
  return scheduleSend(
    deps,
    unsent,
    { channel: decision.channel, timeZone: decision.customer?.timeZone ?? null, solvedAt, now },
    log,
  );
}

async function decideSurvey(deps: SurveyDeps, effort: TicketEffortRecord, now: Date): Promise<SurveyDecision> {
  const { store, settings } = deps;
  const { ticket } = effort;
  const customer = ticket.requesterId === null ? null : await store.tickets.getCustomer(ticket.requesterId);
  const journey = chooseSurveyKind(
    { tags: ticket.tags, groupId: ticket.groupId, formId: ticket.formId, type: ticket.type, channel: ticket.channel },
    settings.rules,
  );
  const { candidates, channel, reason, address, configured } = await chooseChannelFor(deps, effort, customer, journey);
  const verdict = evaluateSurveyPolicy({
    now,
    channelsConfigured: configured,
    candidateChannels: candidates,
    optedOut: address ? await store.optOuts.isOptedOut(address) : false,
    lastSurveyToCustomerAt: customer ? await store.surveys.lastSentToCustomer(customer.id) : null,
    cooldownDays: settings.cooldownDays,
    ticketAlreadySurveyed: false, // settled by planSurvey before deciding
    ticket: { status: ticket.status, tags: ticket.tags },
  });
  return { customer, kind: journey.kind, channel, channelReason: reason, address, verdict };
}

/** The survey row before anything is sent: who handled the case and how hard it was, as it stood when solved. */
function surveyAsSolved(deps: SurveyDeps, effort: TicketEffortRecord, decision: SurveyDecision): UnsentSurvey {
  const { ticket } = effort;
  return {
    ticketId: ticket.id,
    customerId: decision.customer?.id ?? null,
    kind: decision.kind,
    channel: decision.channel,
    channelReason: decision.channelReason,
    language: pickLanguage(decision.customer?.locale ?? null, availableSurveyLanguages(deps.settings.textOverrides)),
    address: decision.address,
    sentAt: null,
    providerMessageId: null,
    slackChannel: null,
    deliveryStatus: null,
    deliveryError: null,
    score: null,
    comment: null,
    verbatim: null,
    answeredAt: null,
    groupId: ticket.groupId,
    assigneeId: ticket.assigneeId,
    effortIndex: effort.score.index,
  };
}

function recordSkip(
  deps: SurveyDeps,
  unsent: UnsentSurvey,
  verdict: SurveyPolicyDecision,
  now: Date,
  log: Logger,
): Promise<SurveyRecord> {
  const rule = verdict.ok ? 'customer_reachable' : verdict.rule;
  const reason = verdict.ok ? 'no channel reaches this customer' : verdict.reason;
  log.info({ rule, reason }, 'survey not sent');
  return deps.store.surveys.upsertForTicket(
    { ...unsent, status: 'skipped', skipRule: rule, skipReason: reason, scheduledFor: null },
    now,
  );
}

async function scheduleSend(
  deps: SurveyDeps,
  unsent: UnsentSurvey,
  when: { channel: SurveyChannel; timeZone: string | null; solvedAt: Date; now: Date },
  log: Logger,
): Promise<SurveyRecord> {
  const { now } = when;
  const earliest = new Date(Math.max(when.solvedAt.getTime() + deps.settings.delaySeconds * 1000, now.getTime()));
  const scheduledFor = surveySendTime(earliest, when.channel, when.timeZone, deps.settings);
  const survey = await deps.store.surveys.upsertForTicket(
    { ...unsent, status: 'scheduled', skipRule: null, skipReason: null, scheduledFor },
    now,
  );
  const payload: SurveySendPayload = { surveyId: survey.id };
  await deps.store.outbox.enqueue(
    {
      kind: SURVEY_SEND,
      dedupeKey: surveySendKey(survey.id, scheduledFor),
      ticketId: survey.ticketId,
      payload,
      notBefore: scheduledFor,
    },
    now,
  );
  log.info({ surveyId: survey.id, kind: survey.kind, channel: when.channel, scheduledFor }, 'survey scheduled');
  return survey;
}

/** A reopen before the send cancels it (the sender checks again, should the cancel come too late). */
export async function cancelScheduledSurvey(deps: SurveyDeps, ticketId: number): Promise<boolean> {
  const survey = await deps.store.surveys.getByTicket(ticketId);
  if (!survey || survey.status !== 'scheduled' || !survey.scheduledFor) return false;
  const now = deps.clock.now();
  await deps.store.outbox.cancel(surveySendKey(survey.id, survey.scheduledFor), now);
  await deps.store.surveys.update(
    survey.id,
    { status: 'cancelled', skipRule: 'ticket_still_solved', skipReason: 'ticket reopened before the send' },
    now,
  );
  deps.logger.info({ ticketId, surveyId: survey.id }, 'survey cancelled: ticket reopened');
  return true;
}
