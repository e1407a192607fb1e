/**
 * Outbound survey channels. Implemented by integrations/twilio and integrations/slack;
 * the survey service (src/app) only sees these. A failed send throws ChannelSendError
 * (src/ports/errors.ts).
 */
import type { SlackSurveyView } from '../domain/survey/survey.js';
import type { OutboxTag } from './outbox-tag.js';

export interface SmsSender {
  /** Sends one SMS from TWILIO_FROM; resolves with the provider's message id (Twilio SID). */
  send(message: { to: string; body: string; statusCallbackUrl: string | null }): Promise<{ providerId: string }>;
  /**
   * An SMS this sender already sent to `to` with this exact body, created at or after `since`
   * (the earliest moment the send could have started); null when there is none. Asked before
   * sending again after a try whose outcome is unknown. `sentAt` is the provider's own time.
   */
  findSent(query: { to: string; body: string; since: Date }): Promise<{ providerId: string; sentAt: Date } | null>;
}

export interface SlackSurveySender {
  /** The Slack user id for an email address (users.lookupByEmail); null when there is none. */
  lookupUserIdByEmail(email: string): Promise<string | null>;
  /**
   * Opens the DM (conversations.open) and posts the survey (chat.postMessage), carrying `tag`
   * so that `findPostedSurvey` can recognise the post later.
   */
  postSurvey(userId: string, view: SlackSurveyView, tag?: OutboxTag): Promise<{ channel: string; ts: string }>;
  /**
   * The survey posted to the user's DM with this tag at or after `since`; null when there is
   * none. Asked before posting again after a try whose outcome is unknown.
   */
  findPostedSurvey(
    userId: string,
    tag: OutboxTag,
    since: Date,
  ): Promise<{ channel: string; ts: string; postedAt: Date } | null>;
  /** Redraws a posted survey (chat.update), e.g. to show the chosen score. */
  updateSurvey(channel: string, ts: string, view: SlackSurveyView): Promise<void>;
}

/** Inbound survey traffic; implemented by the survey service, called by the webhooks. */
export interface SurveyInbound {
  /** An inbound SMS; `reply` is the text to answer with (TwiML), null for no answer. */
  handleSmsReply(input: {
    messageSid: string;
    from: string;
    body: string;
    /** Twilio's `OptOutType` (STOP, START, HELP) when Advanced Opt-Out is on. */
    optOutType: string | null;
    receivedAt: Date;
  }): Promise<{ reply: string | null }>;
  /** A Twilio status callback for a message we sent. */
  handleSmsStatus(input: { messageSid: string; status: string; errorCode: string | null }): Promise<void>;
  /** A score button pressed in Slack; resolves with the view to redraw, null for an unknown survey. */
  handleSlackScore(input: { surveyId: number; score: number; slackUserId: string }): Promise<SlackSurveyView | null>;
  /** The "What made it hard?" text submitted in Slack. */
  handleSlackVerbatim(input: { surveyId: number; text: string; slackUserId: string }): Promise<SlackSurveyView | null>;
}
