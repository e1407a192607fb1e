/** Survey kinds and their scales (CES 1-7, CSAT 1-5, NPS 0-10). */
export type SurveyKind = 'CES' | 'CSAT' | 'NPS';

export interface Scale {
  min: number;
  max: number;
}

export const SCALES: Readonly<Record<SurveyKind, Scale>> = Object.freeze({
  CES: { min: 1, max: 7 },
  CSAT: { min: 1, max: 5 },
  NPS: { min: 0, max: 10 },
});

/**
 * Where a survey is asked: SMS and WhatsApp through Twilio, Zendesk messaging (the web and
 * mobile widget) through Sunshine Conversations, Slack DMs for people inside a company.
 */
export const SURVEY_CHANNELS = ['sms', 'slack', 'messaging', 'whatsapp'] as const;
export type SurveyChannel = (typeof SURVEY_CHANNELS)[number];

/** Supported survey languages; operators may add texts for more via EFFORTLESS_CONFIG. */
export type SurveyLanguage = string;

/**
 * The lifecycle of one survey:
 * scheduled -> sent -> answered (-> verbatim asked -> completed)
 * scheduled -> cancelled (reopen before the send) | failed (permanent send error)
 * skipped: a policy rule said no (the reason is recorded).
 */
export type SurveyStatus =
  | 'scheduled'
  | 'sent'
  | 'reprompted'
  | 'awaiting_verbatim'
  | 'answered'
  | 'cancelled'
  | 'skipped'
  | 'failed';

/** What a Slack survey message shows; integrations/slack turns it into Block Kit. */
export interface SlackSurveyView {
  surveyId: number;
  kind: SurveyKind;
  scale: Scale;
  question: string;
  /** Labels of the two ends of the scale, e.g. "Very difficult" / "Very easy". */
  minLabel: string;
  maxLabel: string;
  /** null while unanswered. */
  chosenScore: number | null;
  /** Shown once a score is chosen. */
  thanks: string | null;
  /** Set when a low score asks "What made it hard?"; the message then offers a text field. */
  followUpQuestion: string | null;
  /** Shown after the follow-up was answered. */
  verbatimThanks: string | null;
}
