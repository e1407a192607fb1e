/**
 * The inbox: webhook deliveries stored before anything acts on them, then handed to one
 * handler per provider by the delivery worker (src/app/process-deliveries.ts).
 */
import type { Logger } from '../logger.js';

/**
 * Who a stored delivery came from. These ids are written to the database, so a stored row
 * names its handler by them: rename one only together with a migration of the stored rows.
 */
export const ZENDESK_PROVIDER = 'zendesk';
export const TWILIO_SMS_PROVIDER = 'twilio-sms';
export const TWILIO_STATUS_PROVIDER = 'twilio-status';
export const INBOX_PROVIDERS = [ZENDESK_PROVIDER, TWILIO_SMS_PROVIDER, TWILIO_STATUS_PROVIDER] as const;
export type InboxProvider = (typeof INBOX_PROVIDERS)[number];

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
}

export interface StoredDelivery extends Omit<NewDelivery, 'provider'> {
  id: number;
  attempts: number;
  /** As stored: a row from a provider this build does not know waits for a handler instead of failing. */
  provider: string;
}

export interface DeliveryInbox {
  /** Stores the delivery once; `duplicate` when (provider, deliveryId) was stored before. */
  add(delivery: NewDelivery): Promise<{ id: number; duplicate: boolean }>;
  /** Leases the oldest due delivery; one whose lease ran out (a crash) is due again. */
  claimNext(now: Date, leaseMs: number): Promise<StoredDelivery | null>;
  markDone(id: number, outcome: 'done' | 'ignored', now: Date): Promise<void>;
  /** Schedules another attempt, or gives up (`failed`) when `retryAt` is null. */
  markFailed(id: number, error: string, retryAt: Date | null): Promise<void>;
  countByStatus(): Promise<Record<string, number>>;
}

/**
 * Turns one stored delivery into work; `ignored` for events we keep but do not act on.
 * Throw a PermanentError (src/ports/errors.ts) when no later try can succeed.
 */
export type DeliveryHandler = (delivery: StoredDelivery, log: Logger) => Promise<'done' | 'ignored'>;

/** One handler per provider; a provider without one (its integration is off) keeps its deliveries. */
export type DeliveryHandlers = { [P in InboxProvider]?: DeliveryHandler };
