import { SOLVED_STATUSES } from '../../domain/timeline.js';
import { ChannelSendError } from '../../ports/errors.js';
import type { OutboxSender, SURVEY_SEND } from '../../ports/outbox.js';
import type { OutboxTag } from '../../ports/outbox-tag.js';
import type { SurveyRecord } from '../../ports/survey-store.js';
import { findEarlierChatSend, sendMessaging, sendWhatsApp, waitOutQuietHours } from './send-chat.js';
import type { SurveyDeps } from './survey-deps.js';
import { slackViewFor, textsFor } from './survey-view.js';

/**
 * Outbox sender for `survey.send`. Everything that may have changed since the survey was
 * planned is checked again right before sending: a reopen, an opt-out, quiet hours. When an
 * earlier try may have reached the provider (the process died mid-send, or the answer timed
 * out), the provider is asked first, so that a customer never gets the survey twice.
 */
export function createSurveySender(deps: SurveyDeps): OutboxSender<typeof SURVEY_SEND> {
  const { store } = deps;
  return async (message, log, context) => {
    const { surveyId } = message.payload;
    const survey = await store.surveys.getById(surveyId);
    if (!survey || survey.status !== 'scheduled') return { providerId: null };
    const tag: OutboxTag = { outboxId: message.id, dedupeKey: message.dedupeKey };

    // Before the checks below: if the earlier try went out, the survey *was* sent, whatever
    // changed since (a reopen, quiet hours), and its record must say so for the replies.
    if (context.previousOutcomeUnknown) {
      const earlier = await findEarlierSend(deps, survey, tag);
      if (earlier) {
        log.info(
          { surveyId, channel: survey.channel, providerId: earlier.providerId },
          'survey already sent by an earlier try; not sending it again',
        );
        return earlier;
      }
    }

    const now = deps.clock.now();
    const skip = async (rule: string, reason: string) => {
      await store.surveys.update(
        survey.id,
        { status: rule === 'ticket_still_solved' ? 'cancelled' : 'skipped', skipRule: rule, skipReason: reason },
        now,
      );
      log.info({ surveyId, rule, reason }, 'survey not sent');
      return { providerId: null };
    };
    const ticket = await store.tickets.getTicket(survey.ticketId);
    if (ticket && !SOLVED_STATUSES.has(ticket.status))
      return skip('ticket_still_solved', `ticket is ${ticket.status} again`);
    if (survey.address && (await store.optOuts.isOptedOut(survey.address)))
      return skip('not_opted_out', 'customer opted out before the send');

    try {
      if (survey.channel === 'sms') return await sendSms(deps, survey, now);
      if (survey.channel === 'slack') return await sendSlack(deps, survey, now, tag, skip);
      if (survey.channel === 'whatsapp') return await sendWhatsApp(deps, survey, now);
      if (survey.channel === 'messaging') return await sendMessaging(deps, survey, now, tag);
      return skip('integration_configured', `no sender for channel ${survey.channel}`);
    } catch (error) {
      if (error instanceof ChannelSendError && !error.retryable) {
        if (error.details.optedOut && survey.address)
          await store.optOuts.set(survey.address, true, `provider:${error.details.code ?? 'opt-out'}`, now);
        await store.surveys.update(survey.id, { status: 'failed', deliveryError: error.message }, now);
      }
      throw error;
    }
  };
}

/** The SMS text of this survey: what `sendSms` sends, and what `findEarlierSend` looks for. */
function smsBody(deps: SurveyDeps, survey: SurveyRecord): string {
  return textsFor(survey, deps.settings)[survey.kind].smsQuestion;
}

/**
 * Asks the survey's channel whether an earlier try already delivered it; when it did, records
 * the send as the first try would have and returns its provider id. The send could not have
 * started before the survey's planned time, the start of the window asked about.
 */
async function findEarlierSend(
  deps: SurveyDeps,
  survey: SurveyRecord,
  tag: OutboxTag,
): Promise<{ providerId: string } | null> {
  const since = survey.scheduledFor ?? survey.createdAt;
  const now = deps.clock.now();
  const { sms, slack } = deps.channels;
  if (survey.channel === 'sms' && sms && survey.address) {
    const found = await sms.findSent({ to: survey.address, body: smsBody(deps, survey), since });
    if (!found) return null;
    await deps.store.surveys.update(
      survey.id,
      { status: 'sent', sentAt: found.sentAt, providerMessageId: found.providerId, deliveryStatus: 'accepted' },
      now,
    );
    return { providerId: found.providerId };
  }
  if (survey.channel === 'slack' && slack && survey.address) {
    // Until the send succeeds the address is the requester's email (it becomes the user id).
    const userId = await slack.lookupUserIdByEmail(survey.address);
    const found = userId ? await slack.findPostedSurvey(userId, tag, since) : null;
    if (!userId || !found) return null;
    await deps.store.surveys.update(
      survey.id,
      {
        status: 'sent',
        sentAt: found.postedAt,
        providerMessageId: found.ts,
        slackChannel: found.channel,
        address: userId,
      },
      now,
    );
    return { providerId: found.ts };
  }
  return findEarlierChatSend(deps, survey, tag, since);
}

async function sendSms(deps: SurveyDeps, survey: SurveyRecord, now: Date) {
  const sms = deps.channels.sms;
  if (!sms || !survey.address)
    throw new ChannelSendError('SMS is off or the survey has no number', { permanent: true });
  await waitOutQuietHours(deps, survey, now);
  const statusCallbackUrl = `${deps.settings.publicUrl}/webhooks/twilio/status`;
  const { providerId } = await sms.send({ to: survey.address, body: smsBody(deps, survey), statusCallbackUrl });
  await deps.store.surveys.update(
    survey.id,
    { status: 'sent', sentAt: now, providerMessageId: providerId, deliveryStatus: 'accepted' },
    now,
  );
  return { providerId };
}

async function sendSlack(
  deps: SurveyDeps,
  survey: SurveyRecord,
  now: Date,
  tag: OutboxTag,
  skip: (rule: string, reason: string) => Promise<{ providerId: null }>,
) {
  const slack = deps.channels.slack;
  if (!slack || !survey.address)
    throw new ChannelSendError('Slack is off or the survey has no address', { permanent: true });
  const userId = await slack.lookupUserIdByEmail(survey.address);
  if (!userId) return skip('customer_reachable', 'no Slack user has the requester’s email');
  const { channel, ts } = await slack.postSurvey(userId, slackViewFor(survey, deps.settings), tag);
  await deps.store.surveys.update(
    survey.id,
    { status: 'sent', sentAt: now, providerMessageId: ts, slackChannel: channel, address: userId },
    now,
  );
  return { providerId: ts };
}
