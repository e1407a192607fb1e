/**
 * The outbox: messages to other systems (Zendesk write-backs, surveys, Slack alerts),
 * stored first, then sent and retried by one sender per kind (src/app/process-outbox.ts).
 * Each kind has one payload type; the store checks a stored payload against it before a
 * sender sees it (db/outbox-payloads.ts).
 */
import type { AlertThreadUpdateView } from '../domain/alerts/alert-view.js';
import type { TicketUpdate } from '../domain/ticket.js';
import type { Logger } from '../logger.js';
import type { AlertMessageView } from './alert-channel.js';
import type { RetryOptions, WorkQueue } from './work-queue.js';

/** The kinds, as stored in the database: rename one only together with a migration of the stored rows. */
export const ZENDESK_TICKET_UPDATE = 'zendesk.ticket_update';
export const SURVEY_SEND = 'survey.send';
export const SURVEY_REMINDER = 'survey.reminder';
export const SLACK_ALERT = 'slack.alert';
export const SLACK_REPORT = 'slack.report';
/** A survey's answer back to the customer in a Zendesk messaging conversation (thanks, "What made it hard?"). */
export const SURVEY_REPLY = 'survey.reply';

/** One PUT of a ticket: the effort write-back or a survey answer. */
export interface ZendeskTicketUpdatePayload {
  ticketId: number;
  update: TicketUpdate;
}

/** Sends the survey as planned, after checking again that it still may go. */
export interface SurveySendPayload {
  surveyId: number;
}

/** The one reminder of a sent survey; the sender checks it is still wanted (src/app/surveys/send-reminder.ts). */
export interface SurveyReminderPayload {
  surveyId: number;
}

/**
 * Messaging has no reply in the webhook's answer (as TwiML is for SMS): the reply to a
 * customer's answer is posted through the API, so it goes through the outbox like any send.
 */
export interface SurveyReplyPayload {
  surveyId: number;
  text: string;
}

/** What the Slack alert sender does with one message: post the root, redraw it, or post into its thread. */
export type SlackAlertPayload =
  | { op: 'post'; alertId: number; message: AlertMessageView }
  | { op: 'update'; alertId: number; message: AlertMessageView }
  | { op: 'thread'; alertId: number; view: AlertThreadUpdateView };

/** Posts the digest of one report period (ISO instants); the figures are computed when it is sent. */
export interface SlackReportPayload {
  since: string;
  until: string;
}

/**
 * Every kind with its payload. Payloads are stored as JSON and read back by a later build:
 * change a shape only in ways the messages already queued still satisfy.
 */
export interface OutboxPayloads {
  [ZENDESK_TICKET_UPDATE]: ZendeskTicketUpdatePayload;
  [SURVEY_SEND]: SurveySendPayload;
  [SURVEY_REMINDER]: SurveyReminderPayload;
  [SLACK_ALERT]: SlackAlertPayload;
  [SLACK_REPORT]: SlackReportPayload;
  [SURVEY_REPLY]: SurveyReplyPayload;
}
export type OutboxKind = keyof OutboxPayloads;

interface OutboxEnvelope {
  id: number;
  dedupeKey: string;
  ticketId: number | null;
  attempts: number;
  /** Tries that failed (waits excluded). */
  failures: number;
  /** Retries run until this plus the retry horizon. */
  retryFrom: Date;
  /** An earlier try may have reached the provider (it died mid-send, or the answer never came). */
  previousOutcomeUnknown: boolean;
}

/** A message of kind K; `OutboxMessage` alone is the union of every kind, told apart by `kind`. */
export type OutboxMessage<K extends OutboxKind = OutboxKind> = {
  [P in K]: OutboxEnvelope & { kind: P; payload: OutboxPayloads[P] };
}[K];

export type NewOutboxMessage<K extends OutboxKind = OutboxKind> = {
  [P in K]: { kind: P; dedupeKey: string; ticketId: number | null; payload: OutboxPayloads[P]; notBefore: Date };
}[K];

/**
 * A stored message this build cannot read: an unknown kind, or a payload that fails its
 * kind's check. The worker gives up on it at once and records `problem` as the reason.
 */
export interface UnreadableOutboxMessage extends OutboxEnvelope {
  kind: string;
  payload: unknown;
  problem: string;
}

export interface Outbox extends WorkQueue {
  /** Queues the message once per dedupe key; `duplicate` when that key was queued before. */
  enqueue(message: NewOutboxMessage, now: Date): Promise<{ id: number; duplicate: boolean }>;
  /** Leases the oldest due message, of the given kinds only when `kinds` is set. */
  claimNext(
    now: Date,
    leaseMs: number,
    kinds?: readonly OutboxKind[],
  ): Promise<OutboxMessage | UnreadableOutboxMessage | null>;
  markSent(id: number, providerId: string | null, now: Date): Promise<void>;
  /** Retries at `retryAt`, or moves the message to the dead letters when it is null. */
  markFailed(id: number, error: string, retryAt: Date | null, now: Date, options?: RetryOptions): Promise<void>;
  /** Cancels a message not sent yet; false when it was already sent, dead or unknown. */
  cancel(dedupeKey: string, now: Date): Promise<boolean>;
  /**
   * How many messages wait due at `now` (ready, their time come, not leased), counted no
   * further than `upTo`: a bounded index walk, cheap enough to ask before every inbox claim.
   */
  countDue(now: Date, upTo: number): Promise<number>;
  /**
   * Deletes at most `limit` messages that finished (sent or cancelled) before `cutoff`;
   * returns how many. Waiting, sending and dead messages are never deleted.
   */
  deleteFinishedBefore(cutoff: Date, limit: number): Promise<number>;
}

/**
 * Sends one message of kind K; returns the provider's id for it (Zendesk audit id, Twilio
 * SID, Slack ts). Throw a coded error (src/ports/errors.ts) to say whether to try again.
 */
export type OutboxSender<K extends OutboxKind> = (
  message: OutboxMessage<K>,
  log: Logger,
  context: SendContext,
) => Promise<{ providerId: string | null }>;

export interface SendContext {
  /**
   * An earlier try may have reached the provider (the process died during the send, or the
   * answer timed out): the sender asks the provider first and returns its id if it took the
   * message, instead of sending it again.
   */
  previousOutcomeUnknown: boolean;
}

/** One sender per kind; a kind whose integration is off has none and its messages wait. */
export type OutboxSenders = { [K in OutboxKind]?: OutboxSender<K> };

/** Called once a message of that kind is given up (dead letter), to record why where it matters. */
export type OutboxDeadHandlers = { [K in OutboxKind]?: (message: OutboxMessage<K>, error: string) => Promise<void> };
