/**
 * Storage ports. db/ implements them (SQLite now, PostgreSQL later); src/ only sees
 * these async interfaces, never SQL.
 */
import type { TicketAudit } from '../domain/audit.js';
import type { EffortDrivers, EffortScore } from '../domain/drivers.js';
import type { CustomerProfile, TicketSnapshot } from '../domain/ticket.js';
import type { CaseTimeline } from '../domain/timeline.js';
import type { AlertSampleStore, AlertStore } from './alert-store.js';
import type { OptOutStore, SurveyStore } from './survey-store.js';

export interface NewDelivery {
  provider: string;
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

export interface StoredDelivery extends NewDelivery {
  id: number;
  attempts: number;
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

export interface StoredTicket extends TicketSnapshot {
  effortStateKey: string | null;
  /** When the ticket was last read from the provider; null for backfilled tickets. */
  syncedAt: Date | null;
}

export interface TicketEffortRecord {
  ticket: StoredTicket;
  drivers: EffortDrivers;
  score: EffortScore;
  computedAt: Date;
  timeline: CaseTimeline;
}

export interface TicketStore {
  upsertTicket(ticket: TicketSnapshot, syncedAt: Date | null): Promise<void>;
  getTicket(ticketId: number): Promise<StoredTicket | null>;
  upsertCustomer(customer: CustomerProfile, now: Date): Promise<void>;
  getCustomer(customerId: number): Promise<CustomerProfile | null>;
  /** Replaces every stored audit of the ticket (the REST audits API returns the full history). */
  replaceAudits(ticketId: number, audits: TicketAudit[]): Promise<void>;
  /** Adds audits that are not stored yet (backfill) and flags their tickets for recompute. */
  addAudits(audits: TicketAudit[]): Promise<number>;
  listAudits(ticketId: number): Promise<TicketAudit[]>;
  /** Creation times of the requester's other tickets. */
  listRequesterTicketTimes(requesterId: number, exceptTicketId: number): Promise<Date[]>;
  /** Stores the timeline rows, drivers and score, and clears the recompute flag. */
  saveEffort(ticketId: number, timeline: CaseTimeline, drivers: EffortDrivers, score: EffortScore, now: Date): Promise<void>;
  getEffort(ticketId: number): Promise<TicketEffortRecord | null>;
  listTicketsNeedingRecompute(limit: number): Promise<number[]>;
  setEffortStateKey(ticketId: number, stateKey: string): Promise<void>;
}

export interface NewOutboxMessage {
  kind: string;
  dedupeKey: string;
  ticketId: number | null;
  payload: unknown;
  notBefore: Date;
}

export interface OutboxMessage {
  id: number;
  kind: string;
  dedupeKey: string;
  ticketId: number | null;
  payload: unknown;
  attempts: number;
}

export interface Outbox {
  /** Queues the message once per dedupe key; `duplicate` when that key was queued before. */
  enqueue(message: NewOutboxMessage, now: Date): Promise<{ id: number; duplicate: boolean }>;
  /** Leases the oldest due message, of the given kinds only when `kinds` is set. */
  claimNext(now: Date, leaseMs: number, kinds?: readonly string[]): Promise<OutboxMessage | null>;
  markSent(id: number, providerId: string | null, now: Date): Promise<void>;
  /** Retries at `retryAt`, or moves the message to the dead letters when it is null. */
  markFailed(id: number, error: string, retryAt: Date | null, now: Date): Promise<void>;
  /** Cancels a message not sent yet; false when it was already sent, dead or unknown. */
  cancel(dedupeKey: string, now: Date): Promise<boolean>;
  countByStatus(): Promise<Record<string, number>>;
}

export interface SyncStateStore {
  get<T>(key: string): Promise<T | null>;
  set(key: string, value: unknown, now: Date): Promise<void>;
}

export interface Store {
  deliveries: DeliveryInbox;
  surveys: SurveyStore;
  optOuts: OptOutStore;
  tickets: TicketStore;
  outbox: Outbox;
  syncState: SyncStateStore;
  alertSamples: AlertSampleStore;
  alerts: AlertStore;
  /** True when the database is open and every migration is applied. */
  isReady(): Promise<boolean>;
  close(): Promise<void>;
}
