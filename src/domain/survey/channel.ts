import { chooseSurveyChannels, noChannelsConfigured } from './channel-choice.js';
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
 * SMS and Slack candidates, best first, for callers that know only those two; the full
 * choice, with messaging, WhatsApp and the reasons, is `chooseSurveyChannels`.
 */
export function surveyChannelCandidates(input: SurveyChannelInput): SurveyChannel[] {
  const at = new Date(0);
  return chooseSurveyChannels({
    customerTouches: input.customerChannels.map((channel) => ({ channel, at })),
    phone: input.phone,
    email: input.email,
    conversationId: null,
    rule: input.ruleChannel ? { channel: input.ruleChannel, number: 1 } : null,
    configured: { ...noChannelsConfigured(), sms: input.smsConfigured, slack: input.slackConfigured },
  }).map((candidate) => candidate.channel);
}
