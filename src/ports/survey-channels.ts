/**
 * Outbound survey channels. Implemented by integrations/twilio and integrations/slack;
 * the survey service (src/app) only sees these. A failed send throws ChannelSendError
 * (src/ports/errors.ts).
 */
import type { ChatSurveyMessage } from '../domain/survey/chat-message.js';
import type { SlackSurveyView } from '../domain/survey/survey.js';
import type { OutboxTag } from './outbox-tag.js';

/** An approved WhatsApp template (Twilio Content): the only message allowed outside the 24-hour window. */
export interface ContentTemplate {
  contentSid: string;
  contentVariables: Record<string, string>;
}

/**
 * SMS from TWILIO_FROM, and WhatsApp from TWILIO_WHATSAPP_FROM (a second sender over the same
 * Twilio account, with `whatsapp:` addresses).
 */
export interface SmsSender {
  /**
   * Sends one message; resolves with the provider's message id (Twilio SID). With `template`
   * (WhatsApp only) Twilio sends the Content template and `body` is not sent.
   */
  send(message: {
    to: string;
    body: string;
    statusCallbackUrl: string | null;
    template?: ContentTemplate;
  }): Promise<{ providerId: string }>;
  /**
   * A message this sender already sent to `to` with this exact body (any body when `body` is
   * null: a template's text is Twilio's), created at or after `since` (the earliest moment the
   * send could have started); null when there is none. Asked before sending again after a try
   * whose outcome is unknown. `sentAt` is the provider's own time.
   */
  findSent(query: {
    to: string;
    body: string | null;
    since: Date;
  }): Promise<{ providerId: string; sentAt: Date } | null>;
}

/** Zendesk messaging through the Sunshine Conversations API v2 (integrations/sunco). */
export interface MessagingSender {
  /** Posts the question with its reply buttons into the conversation as the business, carrying `tag`. */
  postSurvey(conversationId: string, message: ChatSurveyMessage, tag: OutboxTag): Promise<{ messageId: string }>;
  /** Posts a plain text (thanks, "What made it hard?") into the conversation, carrying `tag`. */
  postText(conversationId: string, text: string, tag: OutboxTag): Promise<{ messageId: string }>;
  /**
   * Our message carrying `tag` in the conversation, received at or after `since`; null when
   * there is none. Asked before posting again after a try whose outcome is unknown.
   */
  findPosted(
    conversationId: string,
    tag: OutboxTag,
    since: Date,
  ): Promise<{ messageId: string; postedAt: Date } | null>;
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
    /** A WhatsApp quick-reply button's id (`ButtonPayload`), when the reply was a button press. */
    buttonPayload?: string | null;
    receivedAt: Date;
  }): Promise<{ reply: string | null }>;
  /**
   * A customer's message or button press in a Zendesk messaging conversation. The reply, if
   * any, is queued in the outbox (`survey.reply`): a webhook answer cannot carry it.
   */
  handleMessagingReply(input: {
    /** The Conversations message id (or the postback event's id): one answer per id. */
    eventId: string;
    conversationId: string;
    text: string | null;
    /** A reply button's or postback's payload. */
    payload: string | null;
    receivedAt: Date;
  }): Promise<void>;
  /** A Twilio status callback for a message we sent. */
  handleSmsStatus(input: { messageSid: string; status: string; errorCode: string | null }): Promise<void>;
  /** A score button pressed in Slack; resolves with the view to redraw, null for an unknown survey. */
  handleSlackScore(input: { surveyId: number; score: number; slackUserId: string }): Promise<SlackSurveyView | null>;
  /** The "What made it hard?" text submitted in Slack. */
  handleSlackVerbatim(input: { surveyId: number; text: string; slackUserId: string }): Promise<SlackSurveyView | null>;
}
