import type { TicketAudit } from '../domain/audit.js';
import type { CustomerProfile, TicketSnapshot, TicketUpdate } from '../domain/ticket.js';

export interface TicketUpdateResult {
  auditId: number | null;
  /** The ticket as Zendesk answered the write; null when the answer held none (no change to make). */
  ticket: TicketSnapshot | null;
}

/** One page of the incremental ticket events export (backfill), already mapped to audits. */
export interface TicketEventsPage {
  audits: TicketAudit[];
  /** Pass as `startTime` to read the next page. */
  nextStartTime: number;
  endOfStream: boolean;
}

/** One page of the incremental ticket export (cursor based). */
export interface TicketsPage {
  tickets: TicketSnapshot[];
  /** Pass as `cursor` to read the next page; null when the provider gave none. */
  afterCursor: string | null;
  endOfStream: boolean;
}

/** One ticket's state and history, read in as few calls as Zendesk allows (the sync's input). */
export interface CaseRead {
  ticket: TicketSnapshot;
  /** Every audit, all pages, oldest first. */
  audits: TicketAudit[];
  /** Users Zendesk sideloaded with the reads (`include=users`); may or may not hold the requester. */
  users: CustomerProfile[];
}

/** What we last saw of a ticket: enough to write without reading it first (`safe_update`). */
export interface KnownTicketState {
  tags: string[];
  updatedAt: Date;
}

/**
 * What the write-back knows of a ticket between writes: the state the last webhook, sync or
 * write answered with, so a write needs no read first, and the state a write answered with.
 */
export interface TicketStateMemory {
  known(ticketId: number): Promise<KnownTicketState | null>;
  remember(ticket: TicketSnapshot): Promise<void>;
}

/**
 * What the application needs from Zendesk. Implemented by integrations/zendesk/client.ts;
 * retries (429 Retry-After, 5xx backoff) happen inside the adapter, so callers see either
 * a result or a final ZendeskApiError (src/ports/errors.ts).
 */
export interface ZendeskPort {
  /** null when the ticket does not exist (404) or was deleted. */
  getTicket(ticketId: number): Promise<TicketSnapshot | null>;
  /**
   * The ticket (read only when `known` is null: a webhook's `detail` already is the ticket)
   * and its audits, with users sideloaded; null when the ticket does not exist (404).
   */
  readCase(ticketId: number, known: TicketSnapshot | null): Promise<CaseRead | null>;
  /** Every audit of the ticket, all pages, oldest first. */
  listAudits(ticketId: number): Promise<TicketAudit[]>;
  getUser(userId: number): Promise<CustomerProfile | null>;
  /** The user id the bot's API token acts as; its own audits are never touches. */
  getBotUserId(): Promise<number>;
  /**
   * Applies the update; returns the id of the audit Zendesk created for it and the ticket
   * after it, when given. With `known` the first try writes at once (`safe_update` on its
   * stamp) and reads the ticket only when Zendesk answers that it changed since (409).
   */
  updateTicket(ticketId: number, update: TicketUpdate, known?: KnownTicketState | null): Promise<TicketUpdateResult>;
  /**
   * The id of the ticket's audit whose custom metadata (written with `TicketUpdate.auditMetadata`)
   * holds every key and value of `custom`; null when none does or the ticket is gone.
   */
  findAuditByMetadata(ticketId: number, custom: Record<string, string>): Promise<number | null>;
  exportTicketEvents(startTime: number): Promise<TicketEventsPage>;
  exportTickets(params: { startTime: number } | { cursor: string }): Promise<TicketsPage>;
}

/**
 * What a stored Zendesk webhook delivery asks of the worker: look at one ticket (and read it
 * from Zendesk only when the delivery does not say enough), or nothing (an event type that
 * cannot change a timeline, kept for the record).
 */
export type ZendeskDeliveryEvent =
  | {
      kind: 'ticket';
      ticketId: number;
      /** Lowercase status after the change, when the delivery says; null when it does not. */
      status: string | null;
      /** The whole ticket after the change, when the delivery carries it (event subscriptions). */
      snapshot: TicketSnapshot | null;
    }
  | { kind: 'ignored'; reason: string };

/** Reads a stored delivery's raw body; throws a permanent coded error for a body no retry can read. */
export type ReadZendeskDelivery = (rawBody: string) => ZendeskDeliveryEvent;
