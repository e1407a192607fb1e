import type { SurveyChannel } from './survey.js';

// Re-exported so callers deciding what to send next find both helpers in one place.
export { isLowScore, LOW_SCORE_MAX } from './low-score.js';

/**
 * `via.channel` values (lowercased) that mean the customer used their phone for this case,
 * so an SMS reaches them where they already talked to us. From Zendesk's via types: Talk
 * tickets arrive as `voice` (REST) or `voicemail` / `phone_call_inbound` /
 * `phone_call_outbound` (via type names, as the incremental export uses); Text tickets as
 * `sms` or `text_message`; `whatsapp` where an integration reports it.
 * `native_messaging` is left out on purpose: Zendesk messaging reports the web widget, the
 * mobile SDKs and WhatsApp alike with it, so it does not tell us the customer used a phone.
 * An operator who wants SMS for those cases writes a rule with `channel: "sms"`.
 */
export const PHONE_CHANNELS: readonly string[] = Object.freeze([
  'sms',
  'text_message',
  'voice',
  'voicemail',
  'phone_call_inbound',
  'phone_call_outbound',
  'whatsapp',
]);

export interface SurveyChannelInput {
  /** `via.channel` of the customer's touches on this case. */
  customerChannels: string[];
  phone: string | null;
  email: string | null;
  /** The channel a journey rule asked for, if any. */
  ruleChannel: SurveyChannel | null;
  smsConfigured: boolean;
  slackConfigured: boolean;
}

/**
 * Channels on which to ask, best first; empty when the customer cannot be reached.
 * 1. The rule's channel, when it is configured and we have the address it needs.
 * 2. SMS, when there is a phone and the case ran over a phone channel: the customer is
 *    used to talking to us there, and an SMS out of the blue would surprise them.
 * 3. Slack, when there is an email; the caller looks the Slack user up by it and moves on
 *    to the next candidate when the lookup finds no one.
 */
export function surveyChannelCandidates(input: SurveyChannelInput): SurveyChannel[] {
  const usable: Record<SurveyChannel, boolean> = {
    sms: input.smsConfigured && hasText(input.phone),
    slack: input.slackConfigured && hasText(input.email),
  };
  const ranPhone = input.customerChannels.some((channel) => PHONE_CHANNELS.includes(channel.trim().toLowerCase()));
  const ordered: SurveyChannel[] = [];
  if (input.ruleChannel && usable[input.ruleChannel]) ordered.push(input.ruleChannel);
  if (usable.sms && ranPhone) ordered.push('sms');
  if (usable.slack) ordered.push('slack');
  return [...new Set(ordered)];
}

function hasText(value: string | null): boolean {
  return value !== null && value.trim() !== '';
}
