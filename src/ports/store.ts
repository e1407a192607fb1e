/**
 * Storage ports. db/ implements them (SQLite in db/sqlite, PostgreSQL in db/pg); src/ only sees
 * these async interfaces, never SQL.
 */
import type { TicketAudit } from '../domain/audit.js';
import type { EffortDrivers, EffortScore } from '../domain/drivers.js';
import type { RelatedTicket } from '../domain/repeat-contact.js';
import type { CustomerProfile, TicketSnapshot } from '../domain/ticket.js';
import type { CaseTimeline } from '../domain/timeline.js';
import type { AlertSampleStore, AlertStore } from './alert-store.js';
import type { DashboardStore } from './dashboard-store.js';
import type { DeliveryInbox } from './inbox.js';
import type { Outbox } from './outbox.js';
import type { PacingStore } from './pacing-store.js';
import type { ReportCaseStore } from './report-store.js';
import type { OptOutStore, SurveyStore } from './survey-store.js';

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

/** A CES answer (1-7) and the drivers of the case it rates, as stored now. */
export interface AnsweredCes {
  ticketId: number;
  answeredAt: Date;
  ces: number;
  drivers: EffortDrivers;
}

export interface TicketStore {
  upsertTicket(ticket: TicketSnapshot, syncedAt: Date | null): Promise<void>;
  getTicket(ticketId: number): Promise<StoredTicket | null>;
  upsertCustomer(customer: CustomerProfile, now: Date): Promise<void>;
  getCustomer(customerId: number): Promise<CustomerProfile | null>;
  /** When the customer's stored profile was last written; null when none is stored. */
  getCustomerRefreshedAt(customerId: number): Promise<Date | null>;
  /** Replaces every stored audit of the ticket (the REST audits API returns the full history). */
  replaceAudits(ticketId: number, audits: TicketAudit[]): Promise<void>;
  /** Adds audits that are not stored yet (backfill) and flags their tickets for recompute. */
  addAudits(audits: TicketAudit[]): Promise<number>;
  listAudits(ticketId: number): Promise<TicketAudit[]>;
  /** The requester's other tickets: creation time, form and tags (repeat contact and its topic). */
  listRequesterTickets(requesterId: number, exceptTicketId: number): Promise<RelatedTicket[]>;
  /**
   * Stores the timeline rows, drivers and score, and clears the recompute flag.
   * `scoringVersion`: the definitions-and-weights version they were computed with (scoring-version.ts).
   * `auditCount`: how many audits they were computed from. The flag is then cleared only if
   * that is still how many the ticket has: audits added while the effort was computed (and
   * the flag they set) are left for the next recompute. Undefined clears it regardless.
   */
  saveEffort(
    ticketId: number,
    timeline: CaseTimeline,
    drivers: EffortDrivers,
    score: EffortScore,
    now: Date,
    scoringVersion?: string,
    auditCount?: number,
  ): Promise<void>;
  /** Ids above `afterId` of the tickets whose stored effort was scored with another version, lowest first. */
  listTicketsScoredOtherThan(version: string, afterId: number, limit: number): Promise<number[]>;
  countTicketsScoredOtherThan(version: string): Promise<number>;
  /** Every CES answer given since `since`, with the stored drivers of its case (cases without drivers are left out). */
  listAnsweredCes(since: Date): Promise<AnsweredCes[]>;
  getEffort(ticketId: number): Promise<TicketEffortRecord | null>;
  listTicketsNeedingRecompute(limit: number): Promise<number[]>;
  setEffortStateKey(ticketId: number, stateKey: string): Promise<void>;
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
  /** Reads for the weekly report. */
  reports: ReportCaseStore;
  dashboard: DashboardStore;
  /** Paces shared by every instance on the database (Zendesk request budget, Slack posts per channel). */
  pacing: PacingStore;
  /**
   * Commits every write `work` makes through this store together, or none of them (a crash
   * or a throw leaves the database as before). `work` must be local: no upstream calls.
   */
  atomically<T>(work: () => Promise<T>): Promise<T>;
  /** Runs `callback` after the current `atomically` commits (never if it rolls back); at once outside one. */
  afterCommit(callback: () => void): void;
  /**
   * Runs `work` unless work under the same name is running now, in any process on this
   * database (PostgreSQL: an advisory lock held on its own connection while `work` runs; it
   * goes with the connection if the process dies). `ran` false: someone else had it, nothing ran.
   */
  exclusively<T>(name: string, work: () => Promise<T>): Promise<{ ran: true; result: T } | { ran: false }>;
  /** True when the database is open and every migration is applied. */
  isReady(): Promise<boolean>;
  close(): Promise<void>;
}
