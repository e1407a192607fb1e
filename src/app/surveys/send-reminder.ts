import { SOLVED_STATUSES } from '../../domain/timeline.js';
import { RetryLater } from '../../ports/errors.js';
import { SURVEY_REMINDER, type OutboxSender } from '../../ports/outbox.js';
import type { OutboxTag } from '../../ports/outbox-tag.js';
import type { SurveyRecord } from '../../ports/survey-store.js';
import { surveySendTime } from './send-time.js';
import type { SurveyDeps } from './survey-deps.js';
import { slackViewFor, textsFor } from './survey-view.js';

const HOUR_MS = 3_600_000;

/** One reminder per planned send: a survey planned again after a cancel gets its own. */
export function surveyReminderKey(surveyId: number, scheduledFor: Date): string {
  return `survey.reminder:${surveyId}:${scheduledFor.getTime()}`;
}

/**
 * Queues the one reminder of a survey just planned, when `surveys.reminder` is on: a row in
 * the outbox due `afterHours` after the planned send, not a timer, so it survives restarts.
 * The sender decides at that time whether it is still wanted.
 */
export async function scheduleSurveyReminder(deps: SurveyDeps, survey: SurveyRecord, now: Date): Promise<void> {
  const reminder = deps.settings.reminder;
  if (!reminder || !survey.scheduledFor) return;
  await deps.store.outbox.enqueue(
    {
      kind: SURVEY_REMINDER,
      dedupeKey: surveyReminderKey(survey.id, survey.scheduledFor),
      ticketId: survey.ticketId,
      payload: { surveyId: survey.id },
      notBefore: new Date(survey.scheduledFor.getTime() + reminder.afterHours * HOUR_MS),
    },
    now,
  );
}

/**
 * Outbox sender for `survey.reminder`: asks the same question again, once, on the channel the
 * survey went out on. Nothing goes when the customer answered or replied at all, opted out,
 * or the ticket was reopened after the send; SMS waits for the end of quiet hours.
 */
export function createSurveyReminderSender(deps: SurveyDeps): OutboxSender<typeof SURVEY_REMINDER> {
  return async (message, log, context) => {
    const { surveyId } = message.payload;
    const survey = await deps.store.surveys.getById(surveyId);
    const reminder = deps.settings.reminder;
    const now = deps.clock.now();
    const none = (reason: string) => {
      log.info({ surveyId, reason }, 'no survey reminder');
      return { providerId: null };
    };
    if (!survey || !reminder) return none('survey gone or reminders switched off');
    if (survey.reminderSentAt) return none('a reminder already went out');
    if (survey.status === 'scheduled' || !survey.sentAt) {
      // The first send is still waiting (quiet hours, an outage): remind only after it went out.
      throw new RetryLater('survey not sent yet; reminder waits for it', reminder.afterHours * HOUR_MS);
    }
    if (survey.status !== 'sent') return none(`survey is ${survey.status}`);
    const due = new Date(survey.sentAt.getTime() + reminder.afterHours * HOUR_MS);
    if (due > now) throw new RetryLater('reminder due later', due.getTime() - now.getTime());
    const tag: OutboxTag = { outboxId: message.id, dedupeKey: message.dedupeKey };
    if (context.previousOutcomeUnknown && (await findEarlierReminder(deps, survey, tag, due))) {
      await deps.store.surveys.update(survey.id, { reminderSentAt: now }, now);
      return none('an earlier try already sent the reminder');
    }
    const reopened = await reopenedSince(deps, survey);
    if (reopened) return none(reopened);
    if (survey.address && (await deps.store.optOuts.isOptedOut(survey.address))) return none('customer opted out');

    const sent = await sendReminder(deps, survey, now, tag);
    if (!sent) return none(`no sender for channel ${survey.channel}`);
    await deps.store.surveys.update(survey.id, { reminderSentAt: now }, now);
    log.info({ surveyId, channel: survey.channel }, 'survey reminder sent');
    return sent;
  };
}

async function reopenedSince(deps: SurveyDeps, survey: SurveyRecord): Promise<string | null> {
  const ticket = await deps.store.tickets.getTicket(survey.ticketId);
  if (ticket && !SOLVED_STATUSES.has(ticket.status)) return `ticket is ${ticket.status} again`;
  const effort = await deps.store.tickets.getEffort(survey.ticketId);
  const sentAt = survey.sentAt!.getTime();
  const reopen = effort?.timeline.statusChanges.find(
    (change) => change.at.getTime() > sentAt && !SOLVED_STATUSES.has(change.to),
  );
  return reopen ? `ticket was reopened at ${reopen.at.toISOString()}` : null;
}

async function sendReminder(
  deps: SurveyDeps,
  survey: SurveyRecord,
  now: Date,
  tag: OutboxTag,
): Promise<{ providerId: string } | null> {
  const { sms, slack } = deps.channels;
  if (survey.channel === 'sms' && sms && survey.address) {
    const customer = survey.customerId === null ? null : await deps.store.tickets.getCustomer(survey.customerId);
    const allowedAt = surveySendTime(now, 'sms', customer?.timeZone ?? null, deps.settings);
    if (allowedAt > now) throw new RetryLater('inside quiet hours', allowedAt.getTime() - now.getTime());
    const body = textsFor(survey, deps.settings)[survey.kind].smsQuestion;
    const statusCallbackUrl = `${deps.settings.publicUrl}/webhooks/twilio/status`;
    return sms.send({ to: survey.address, body, statusCallbackUrl });
  }
  if (survey.channel === 'slack' && slack && survey.address) {
    // After the first send the address is the Slack user id.
    const { ts } = await slack.postSurvey(survey.address, slackViewFor(survey, deps.settings), tag);
    return { providerId: ts };
  }
  return null;
}

/** After an unknown outcome: did the provider take the reminder (sent after it was due)? */
async function findEarlierReminder(deps: SurveyDeps, survey: SurveyRecord, tag: OutboxTag, due: Date) {
  const { sms, slack } = deps.channels;
  if (survey.channel === 'sms' && sms && survey.address) {
    const body = textsFor(survey, deps.settings)[survey.kind].smsQuestion;
    return (await sms.findSent({ to: survey.address, body, since: due })) !== null;
  }
  if (survey.channel === 'slack' && slack && survey.address)
    return (await slack.findPostedSurvey(survey.address, tag, due)) !== null;
  return false;
}
