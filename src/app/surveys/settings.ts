import type { SurveyRule } from '../../domain/survey/journey.js';
import type { SurveyRuleSettings } from '../../domain/survey/survey-rules.js';
import type { CesWording } from '../../domain/survey/wording.js';
import type { SurveyChannel, SurveyKind } from '../../domain/survey/survey.js';
import type { DeepPartial, SurveyTexts } from '../../domain/survey/texts.js';

export type SurveyTextOverrides = Record<string, DeepPartial<SurveyTexts>>;

/**
 * An approved WhatsApp template (Twilio Content) for one language and kind. `variables` fill
 * the template's placeholders (`{"1": "{company}"}`); `{company}` and `{ticketId}` in a value
 * are filled in before sending.
 */
export interface WhatsAppTemplate {
  contentSid: string;
  variables: Record<string, string>;
}

/** Per language (`en`, `nl`, ...), per survey kind. */
export type WhatsAppTemplates = Record<string, Partial<Record<SurveyKind, WhatsAppTemplate>>>;

/** Everything the survey service reads from configuration, resolved once at boot. */
export interface SurveySettings {
  /** The status that triggers the survey (CONTRACT: `solved`, configurable to `closed`). */
  trigger: 'solved' | 'closed';
  delaySeconds: number;
  cooldownDays: number;
  quietHours: { start: string; end: string };
  /** Used when the customer has no (valid) time zone: TIMEZONE. */
  defaultTimeZone: string;
  rules: SurveyRule[];
  textOverrides: SurveyTextOverrides;
  companyName: string;
  /** A reply later than this after the send gets the "too old" answer. */
  replyWindowHours: number;
  /** ZENDESK_CES_FIELD_ID: where a CES score is written on the ticket. */
  cesFieldId: number | null;
  /** PUBLIC_URL, for Twilio status callbacks. */
  publicUrl: string;
  /** `surveys.skip` and `surveys.exclude`: the rules that skip what is no real conversation or excluded. */
  policy: SurveyRuleSettings;
  /** `surveys.cesWording`: the ease question or CES 2.0's agreement statement. */
  cesWording: CesWording;
  /** `surveys.reminder`: one reminder this many hours after an unanswered send; null when off. */
  reminder: { afterHours: number } | null;
  /** `surveys.againOnNewResolution`: a reopened ticket solved again after an answer gets a new survey. */
  againOnNewResolution: boolean;
  /** Tried after a rule's channel and the channel the customer last used (`surveys.channelFallback`). */
  channelFallback: SurveyChannel[];
  /** WhatsApp outside the 24-hour window: only these templates may be sent. */
  whatsappTemplates: WhatsAppTemplates;
}
