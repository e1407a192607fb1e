import { SURVEY_CHANNELS, type SurveyChannel } from './survey.js';

/**
 * Which survey channel a Zendesk `via.channel` (lowercased) stands for, when the customer
 * can be asked there again. From Zendesk's via types:
 * - `native_messaging` is Zendesk messaging (web widget, mobile SDKs, and the social channels
 *   Zendesk connects through Sunshine Conversations, WhatsApp included): we answer in the
 *   same Conversations conversation, whatever the customer's app.
 * - `whatsapp` is reported by integrations that bring WhatsApp in themselves (Twilio).
 * - Talk (`voice`, `voicemail`, `phone_call_*`) and Text (`sms`, `text_message`) tickets mean
 *   the customer used their phone: an SMS reaches them where they already talked to us.
 * Email, web form, API and the rest name no channel we can ask on.
 */
const CHANNEL_OF_VIA: Readonly<Record<string, SurveyChannel>> = Object.freeze({
  native_messaging: 'messaging',
  messaging: 'messaging',
  whatsapp: 'whatsapp',
  sms: 'sms',
  text_message: 'sms',
  voice: 'sms',
  voicemail: 'sms',
  phone_call_inbound: 'sms',
  phone_call_outbound: 'sms',
});

/** The order tried after the rule's and the last-used channel: the closest to a chat first. */
export const DEFAULT_CHANNEL_FALLBACK: readonly SurveyChannel[] = Object.freeze([
  'messaging',
  'whatsapp',
  'sms',
  'slack',
]);

export interface ChannelChoiceInput {
  /** The customer's touches on this case, oldest first (`via.channel` and when). */
  customerTouches: ReadonlyArray<{ channel: string; at: Date }>;
  phone: string | null;
  email: string | null;
  /** The Sunshine Conversations conversation the case ran in, when it came through messaging. */
  conversationId: string | null;
  /** The channel a journey rule asked for, if any, and that rule's position (1-based). */
  rule: { channel: SurveyChannel; number: number } | null;
  configured: Readonly<Record<SurveyChannel, boolean>>;
  /** EFFORTLESS_CONFIG `surveys.channelFallback`. */
  fallback?: readonly SurveyChannel[];
}

export interface ChannelCandidate {
  channel: SurveyChannel;
  /** Why this channel, recorded with the survey. */
  reason: string;
}

export function surveyChannelOfVia(via: string): SurveyChannel | null {
  return CHANNEL_OF_VIA[via.trim().toLowerCase()] ?? null;
}

/**
 * Channels on which to ask, best first, each with the reason; empty when nothing reaches
 * the customer.
 * 1. The journey rule's channel, when it is configured and we have its address.
 * 2. The channel the customer last wrote or called on, for the case: where they chose to
 *    talk to us, so the question arrives where they expect it.
 * 3. The fallback order. SMS and WhatsApp only when the case ran over a phone channel at
 *    all (a text out of the blue surprises), messaging only with the case's conversation,
 *    Slack with an email (the sender looks the Slack user up and moves on if none).
 */
export function chooseSurveyChannels(input: ChannelChoiceInput): ChannelCandidate[] {
  const usedChannels = new Set(input.customerTouches.map((touch) => surveyChannelOfVia(touch.channel)));
  const ranPhone = usedChannels.has('sms') || usedChannels.has('whatsapp');
  const hasAddress: Record<SurveyChannel, boolean> = {
    sms: hasText(input.phone),
    whatsapp: hasText(input.phone),
    messaging: hasText(input.conversationId),
    slack: hasText(input.email),
  };
  const usable = (channel: SurveyChannel) => input.configured[channel] && hasAddress[channel];
  const candidates: ChannelCandidate[] = [];
  const add = (channel: SurveyChannel, reason: string) => {
    if (!candidates.some((c) => c.channel === channel)) candidates.push({ channel, reason });
  };

  if (input.rule && usable(input.rule.channel))
    add(input.rule.channel, `journey rule ${input.rule.number} asks for ${input.rule.channel}`);
  const last = lastSurveyableTouch(input.customerTouches);
  if (last && usable(last.channel))
    add(last.channel, `the customer last used ${last.via} on this case (${last.at.toISOString()})`);
  const why = !last
    ? 'the case used no channel we ask on'
    : usable(last.channel)
      ? `after ${last.channel}`
      : `${last.channel} is off or has no address`;
  for (const channel of input.fallback ?? DEFAULT_CHANNEL_FALLBACK) {
    const reachable = channel === 'sms' || channel === 'whatsapp' ? ranPhone && usable(channel) : usable(channel);
    if (reachable) add(channel, `fallback order (${why})`);
  }
  return candidates;
}

function lastSurveyableTouch(touches: ChannelChoiceInput['customerTouches']) {
  for (let i = touches.length - 1; i >= 0; i--) {
    const touch = touches[i]!;
    const channel = surveyChannelOfVia(touch.channel);
    if (channel) return { channel, via: touch.channel.trim().toLowerCase(), at: touch.at };
  }
  return null;
}

/** Every channel switched off: the configured map for a service with nothing set up. */
export function noChannelsConfigured(): Record<SurveyChannel, boolean> {
  return Object.fromEntries(SURVEY_CHANNELS.map((channel) => [channel, false])) as Record<SurveyChannel, boolean>;
}

function hasText(value: string | null): boolean {
  return value !== null && value.trim() !== '';
}
