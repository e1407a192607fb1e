import { chatSurveyMessage } from '../../domain/survey/chat-message.js';
import { fillTemplate } from '../../domain/survey/texts.js';
import { ChannelSendError, RetryLater } from '../../ports/errors.js';
import type { OutboxTag } from '../../ports/outbox-tag.js';
import type { ContentTemplate } from '../../ports/survey-channels.js';
import type { SurveyRecord } from '../../ports/survey-store.js';
import { surveySendTime } from './send-time.js';
import type { SurveyDeps } from './survey-deps.js';
import { textsFor } from './survey-view.js';

/** WhatsApp's customer-service window: after the customer's last message, free-form messages may be sent this long. */
export const WHATSAPP_WINDOW_MS = 24 * 3_600_000;

type Sent = { providerId: string };

/** Quiet hours hold every text to a phone or a chat (all channels but Slack) until they end. */
export async function waitOutQuietHours(deps: SurveyDeps, survey: SurveyRecord, now: Date): Promise<void> {
  if (survey.channel === null) return;
  const customer = survey.customerId === null ? null : await deps.store.tickets.getCustomer(survey.customerId);
  const allowedAt = surveySendTime(now, survey.channel, customer?.timeZone ?? null, deps.settings);
  if (allowedAt > now) {
    const waitMs = allowedAt.getTime() - now.getTime();
    throw new RetryLater(`inside quiet hours; sending in ${Math.round(waitMs / 60_000)} min`, waitMs);
  }
}

/**
 * WhatsApp through Twilio. Inside the 24-hour window since the customer's last WhatsApp
 * message on the case, a session message (the SMS text); outside it only an approved Content
 * template, the one configured for the survey's language and kind (English as the fallback).
 */
export async function sendWhatsApp(deps: SurveyDeps, survey: SurveyRecord, now: Date): Promise<Sent> {
  const whatsapp = deps.channels.whatsapp;
  if (!whatsapp || !survey.address)
    throw new ChannelSendError('WhatsApp is off or the survey has no number', { permanent: true });
  await waitOutQuietHours(deps, survey, now);
  const lastMessage = await lastCustomerWhatsApp(deps, survey.ticketId);
  const inWindow = lastMessage !== null && now.getTime() - lastMessage.getTime() < WHATSAPP_WINDOW_MS;
  const template = inWindow ? undefined : whatsAppTemplate(deps, survey);
  const body = textsFor(survey, deps.settings)[survey.kind].smsQuestion;
  const statusCallbackUrl = `${deps.settings.publicUrl}/webhooks/twilio/status`;
  const { providerId } = await whatsapp.send({ to: survey.address, body, statusCallbackUrl, template });
  await deps.store.surveys.update(
    survey.id,
    { status: 'sent', sentAt: now, providerMessageId: providerId, deliveryStatus: 'accepted' },
    now,
  );
  return { providerId };
}

function whatsAppTemplate(deps: SurveyDeps, survey: SurveyRecord): ContentTemplate {
  const { whatsappTemplates, companyName } = deps.settings;
  const configured = whatsappTemplates[survey.language]?.[survey.kind] ?? whatsappTemplates.en?.[survey.kind];
  if (!configured)
    throw new ChannelSendError(
      `outside WhatsApp's 24-hour window and no template for ${survey.language} ${survey.kind} (surveys.whatsappTemplates)`,
      { permanent: true },
    );
  const vars = { company: companyName, ticketId: String(survey.ticketId) };
  const contentVariables = Object.fromEntries(
    Object.entries(configured.variables).map(([key, value]) => [key, fillTemplate(value, vars)]),
  );
  return { contentSid: configured.contentSid, contentVariables };
}

/** When the customer last wrote on WhatsApp on this case, from its stored timeline. */
async function lastCustomerWhatsApp(deps: SurveyDeps, ticketId: number): Promise<Date | null> {
  const effort = await deps.store.tickets.getEffort(ticketId);
  const touches = effort?.timeline.touches ?? [];
  const times = touches
    .filter((t) => t.actor === 'customer' && t.channel.trim().toLowerCase() === 'whatsapp')
    .map((t) => t.at.getTime());
  return times.length > 0 ? new Date(Math.max(...times)) : null;
}

/** Zendesk messaging: the question with reply buttons, posted into the case's conversation. */
export async function sendMessaging(deps: SurveyDeps, survey: SurveyRecord, now: Date, tag: OutboxTag): Promise<Sent> {
  const messaging = deps.channels.messaging;
  if (!messaging || !survey.address)
    throw new ChannelSendError('messaging is off or the survey has no conversation', { permanent: true });
  await waitOutQuietHours(deps, survey, now);
  const message = chatSurveyMessage(survey.id, survey.kind, textsFor(survey, deps.settings));
  const { messageId } = await messaging.postSurvey(survey.address, message, tag);
  await deps.store.surveys.update(
    survey.id,
    { status: 'sent', sentAt: now, providerMessageId: messageId, deliveryStatus: 'accepted' },
    now,
  );
  return { providerId: messageId };
}

/**
 * After a try whose outcome is unknown: the WhatsApp message or messaging post the earlier
 * try made, recorded as the send; null when there is none (or the channel is another).
 * WhatsApp is matched without its body: a template's text is Twilio's.
 */
export async function findEarlierChatSend(
  deps: SurveyDeps,
  survey: SurveyRecord,
  tag: OutboxTag,
  since: Date,
): Promise<Sent | null> {
  const { whatsapp, messaging } = deps.channels;
  let found: { providerId: string; sentAt: Date } | null = null;
  if (survey.channel === 'whatsapp' && whatsapp && survey.address)
    found = await whatsapp.findSent({ to: survey.address, body: null, since });
  if (survey.channel === 'messaging' && messaging && survey.address) {
    const posted = await messaging.findPosted(survey.address, tag, since);
    found = posted && { providerId: posted.messageId, sentAt: posted.postedAt };
  }
  if (!found) return null;
  await deps.store.surveys.update(
    survey.id,
    { status: 'sent', sentAt: found.sentAt, providerMessageId: found.providerId, deliveryStatus: 'accepted' },
    deps.clock.now(),
  );
  return { providerId: found.providerId };
}
