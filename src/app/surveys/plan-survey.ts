import type { SurveyChannel } from '../../domain/survey/survey.js';
import { surveyRoundFor } from '../../domain/survey/survey-round.js';
import type { TicketEffortRecord } from '../../ports/store.js';
import type { NewSurvey, SurveyRecord } from '../../ports/survey-store.js';
import { surveySendTime } from './send-time.js';
import { SURVEY_SEND, type SurveySendPayload } from '../../ports/outbox.js';
import { surveySendKey, type SurveyDeps } from './survey-deps.js';
import { decideSurvey, type SurveyDecision } from './decide-survey.js';
import { scheduleSurveyReminder, surveyReminderKey } from './send-reminder.js';

type Logger = SurveyDeps['logger'];

/** A survey row before its status is decided. */
type UnsentSurvey = Omit<NewSurvey, 'status' | 'skipRule' | 'skipReason' | 'scheduledFor'>;

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
  // A survey that went out (or is on its way) is never replaced; a new resolution after an
  // answer may get the next round (surveys.againOnNewResolution).
  const round = surveyRoundFor(existing, deps.settings.againOnNewResolution, solvedAt);
  if (round === null) return existing;

  const { ticket, timeline } = effort;
  const customer = ticket.requesterId === null ? null : await deps.store.tickets.getCustomer(ticket.requesterId);
  const audits = await deps.store.tickets.listAudits(ticketId);
  const decision = await decideSurvey(deps, { ticket, customer, timeline, audits }, now, {
    ticketAlreadySurveyed: false, // settled above
  });
  const unsent = { ...surveyAsSolved(effort, decision), round };
  if (decision.skip || decision.channel === null) return recordSkip(deps, unsent, decision.skip, now, log);
  return scheduleSend(
    deps,
    unsent,
    { channel: decision.channel, timeZone: decision.customer?.timeZone ?? null, solvedAt, now },
    log,
  );
}

/** The survey row before anything is sent: who handled the case and how hard it was, as it stood when solved. */
function surveyAsSolved(effort: TicketEffortRecord, decision: SurveyDecision): UnsentSurvey {
  const { ticket } = effort;
  return {
    ticketId: ticket.id,
    customerId: decision.customer?.id ?? null,
    kind: decision.kind,
    channel: decision.channel,
    channelReason: decision.channelReason,
    language: decision.language,
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
    sampleRate: decision.journey.sampleRate,
    journeyRule: decision.journey.matchedRule === null ? null : decision.journey.matchedRule + 1,
    wording: decision.wording,
    wordingVersion: decision.wordingVersion,
  };
}

function recordSkip(
  deps: SurveyDeps,
  unsent: UnsentSurvey,
  skip: SurveyDecision['skip'],
  now: Date,
  log: Logger,
): Promise<SurveyRecord> {
  const rule = skip?.rule ?? 'customer_reachable';
  const reason = skip?.reason ?? 'no channel reaches this customer';
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
  await scheduleSurveyReminder(deps, survey, now);
  log.info({ surveyId: survey.id, kind: survey.kind, channel: when.channel, scheduledFor }, 'survey scheduled');
  return survey;
}

/** A reopen before the send cancels it (the sender checks again, should the cancel come too late). */
export async function cancelScheduledSurvey(deps: SurveyDeps, ticketId: number): Promise<boolean> {
  const survey = await deps.store.surveys.getByTicket(ticketId);
  if (!survey || survey.status !== 'scheduled' || !survey.scheduledFor) return false;
  const now = deps.clock.now();
  await deps.store.outbox.cancel(surveySendKey(survey.id, survey.scheduledFor), now);
  await deps.store.outbox.cancel(surveyReminderKey(survey.id, survey.scheduledFor), now);
  await deps.store.surveys.update(
    survey.id,
    { status: 'cancelled', skipRule: 'ticket_still_solved', skipReason: 'ticket reopened before the send' },
    now,
  );
  deps.logger.info({ ticketId, surveyId: survey.id }, 'survey cancelled: ticket reopened');
  return true;
}
