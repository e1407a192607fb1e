/**
 * The inbox: webhook deliveries stored before anything acts on them, then handed to one
 * handler per provider by the delivery worker (src/app/process-deliveries.ts).
 */
import type { Logger } from '../logger.js';
import type { RetryOptions, WorkQueue } from './work-queue.js';

/**
 * Who a stored delivery came from. These ids are written to the database, so a stored row
 * names its handler by them: rename one only together with a migration of the stored rows.
 */
export const ZENDESK_PROVIDER = 'zendesk';
export const TWILIO_SMS_PROVIDER = 'twilio-sms';
export const TWILIO_STATUS_PROVIDER = 'twilio-status';
/** Slack interactivity (button presses) and slash commands from POST /slack/events. */
export const SLACK_PROVIDER = 'slack';
/** Sunshine Conversations (Zendesk messaging) webhook events from POST /webhooks/sunco, one per event. */
export const SUNCO_PROVIDER = 'sunco';
export const INBOX_PROVIDERS = [
  ZENDESK_PROVIDER,
  TWILIO_SMS_PROVIDER,
  TWILIO_STATUS_PROVIDER,
  SLACK_PROVIDER,
  SUNCO_PROVIDER,
] as const;
export type InboxProvider = (typeof INBOX_PROVIDERS)[number];

/** The ordering key of a ticket's deliveries (and how a dead letter names its ticket). */
export function ticketOrderingKey(ticketId: number): string {
  return `ticket:${ticketId}`;
}

export function isInboxProvider(value: string): value is InboxProvider {
  return (INBOX_PROVIDERS as readonly string[]).includes(value);
}

export interface NewDelivery {
  provider: InboxProvider;
  deliveryId: string;
  eventType: string | null;
  rawBody: string;
  receivedAt: Date;
  /**
   * When the worker may first pick it up (default: at once). Webhooks that answer inline
   * set it later, so the worker only replays deliveries whose inline handling failed.
   */
  notBefore?: Date;
  /** Deliveries with the same key (one ticket, one phone number) are handled one at a time, in order. */
  orderingKey?: string | null;
}

export interface StoredDelivery extends Omit<NewDelivery, 'provider'> {
  id: number;
  attempts: number;
  /** Tries that failed (waits excluded). */
  failures: number;
  /** Retries run until this plus the retry horizon. */
  retryFrom: Date;
  /** As stored: a row from a provider this build does not know waits for a handler instead of failing. */
  provider: string;
}

export interface DeliveryInbox extends WorkQueue {
  /** Stores the delivery once; `duplicate` when (provider, deliveryId) was stored before. */
  add(delivery: NewDelivery): Promise<{ id: number; duplicate: boolean }>;
  /**
   * Leases the oldest due delivery whose ordering key has no earlier delivery still waiting
   * or running; one whose lease ran out (a crash) is due again.
   */
  claimNext(now: Date, leaseMs: number): Promise<StoredDelivery | null>;
  markDone(id: number, outcome: 'done' | 'ignored', now: Date): Promise<void>;
  /** Schedules another attempt, or makes it a dead letter when `retryAt` is null. */
  markFailed(id: number, error: string, retryAt: Date | null, options?: RetryOptions): Promise<void>;
  /**
   * Deletes at most `limit` deliveries processed (done or ignored) before `cutoff`; returns
   * how many. Waiting, running and dead deliveries are never deleted.
   */
  deleteProcessedBefore(cutoff: Date, limit: number): Promise<number>;
}

/**
 * Turns one stored delivery into work; `ignored` for events we keep but do not act on.
 * Throw a PermanentError (src/ports/errors.ts) when no later try can succeed.
 */
export type DeliveryHandler = ((delivery: StoredDelivery, log: Logger) => Promise<'done' | 'ignored'>) & {
  /** Set by `localDeliveryHandler`: the handler only touches the database. */
  readonly onlyLocal?: true;
};

/**
 * Marks a handler that only touches the database (no upstream call): the worker runs it and
 * marks the delivery done in one transaction, so a crash can never make it run twice.
 */
export function localDeliveryHandler(
  handler: (delivery: StoredDelivery, log: Logger) => Promise<'done' | 'ignored'>,
): DeliveryHandler {
  return Object.assign(handler, { onlyLocal: true as const });
}

/** One handler per provider; a provider without one (its integration is off) keeps its deliveries. */
export type DeliveryHandlers = { [P in InboxProvider]?: DeliveryHandler };
