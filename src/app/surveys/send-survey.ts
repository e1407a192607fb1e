import { SOLVED_STATUSES } from '../../domain/timeline.js';
import { ChannelSendError, RetryLater } from '../../ports/errors.js';
import type { OutboxSender, SURVEY_SEND } from '../../ports/outbox.js';
import type { SurveyRecord } from '../../ports/survey-store.js';
import { surveySendTime } from './send-time.js';
import type { SurveyDeps } from './survey-deps.js';
import { slackViewFor, textsFor } from './survey-view.js';

/**
 * Outbox sender for `survey.send`. Everything that may have changed since the survey was
 * planned is checked again right before sending: a reopen, an opt-out, quiet hours.
 */
export function createSurveySender(deps: SurveyDeps): OutboxSender<typeof SURVEY_SEND> {
  const { store } = deps;
  return async (message, log) => {
    const { surveyId } = message.payload;
    const survey = await store.surveys.getById(surveyId);
    if (!survey || survey.status !== 'scheduled') return { providerId: null };
    const now = deps.clock.now();
    const skip = async (rule: string, reason: string) => {
      await store.surveys.update(survey.id, { status: rule === 'ticket_still_solved' ? 'cancelled' : 'skipped', skipRule: rule, skipReason: reason }, now);
      log.info({ surveyId, rule, reason }, 'survey not sent');
      return { providerId: null };
    };
    const ticket = await store.tickets.getTicket(survey.ticketId);
    if (ticket && !SOLVED_STATUSES.has(ticket.status)) return skip('ticket_still_solved', `ticket is ${ticket.status} again`);
    if (survey.address && (await store.optOuts.isOptedOut(survey.address))) return skip('not_opted_out', 'customer opted out before the send');

    try {
      if (survey.channel === 'sms') return await sendSms(deps, survey, now);
      if (survey.channel === 'slack') return await sendSlack(deps, survey, now, skip);
      return skip('integration_configured', `no sender for channel ${survey.channel}`);
    } catch (error) {
      if (error instanceof ChannelSendError && !error.retryable) {
        if (error.details.optedOut && survey.address) await store.optOuts.set(survey.address, true, `provider:${error.details.code ?? 'opt-out'}`, now);
        await store.surveys.update(survey.id, { status: 'failed', deliveryError: error.message }, now);
      }
      throw error;
    }
  };
}

async function sendSms(deps: SurveyDeps, survey: SurveyRecord, now: Date) {
  const sms = deps.channels.sms;
  if (!sms || !survey.address) throw new ChannelSendError('SMS is off or the survey has no number', { permanent: true });
  const customer = survey.customerId === null ? null : await deps.store.tickets.getCustomer(survey.customerId);
  const allowedAt = surveySendTime(now, 'sms', customer?.timeZone ?? null, deps.settings);
  if (allowedAt > now) {
    const waitMs = allowedAt.getTime() - now.getTime();
    throw new RetryLater(`inside quiet hours; sending in ${Math.round(waitMs / 60_000)} min`, waitMs);
  }
  const body = textsFor(survey, deps.settings)[survey.kind].smsQuestion;
  const statusCallbackUrl = `${deps.settings.publicUrl}/webhooks/twilio/status`;
  const { providerId } = await sms.send({ to: survey.address, body, statusCallbackUrl });
  await deps.store.surveys.update(survey.id, { status: 'sent', sentAt: now, providerMessageId: providerId, deliveryStatus: 'accepted' }, now);
  return { providerId };
}

async function sendSlack(
  deps: SurveyDeps,
  survey: SurveyRecord,
  now: Date,
  skip: (rule: string, reason: string) => Promise<{ providerId: null }>,
) {
  const slack = deps.channels.slack;
  if (!slack || !survey.address) throw new ChannelSendError('Slack is off or the survey has no address', { permanent: true });
  const userId = await slack.lookupUserIdByEmail(survey.address);
  if (!userId) return skip('customer_reachable', 'no Slack user has the requester’s email');
  const { channel, ts } = await slack.postSurvey(userId, slackViewFor(survey, deps.settings));
  await deps.store.surveys.update(survey.id, { status: 'sent', sentAt: now, providerMessageId: ts, slackChannel: channel, address: userId }, now);
  return { providerId: ts };
}
