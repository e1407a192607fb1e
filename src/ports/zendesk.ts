import type { TicketAudit } from '../domain/audit.js';
import type { CustomerProfile, TicketSnapshot, TicketUpdate } from '../domain/ticket.js';

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

/**
 * What the application needs from Zendesk. Implemented by integrations/zendesk/client.ts;
 * retries (429 Retry-After, 5xx backoff) happen inside the adapter, so callers see either
 * a result or a final ZendeskApiError (src/ports/errors.ts).
 */
export interface ZendeskPort {
  /** null when the ticket does not exist (404) or was deleted. */
  getTicket(ticketId: number): Promise<TicketSnapshot | null>;
  /** Every audit of the ticket, all pages, oldest first. */
  listAudits(ticketId: number): Promise<TicketAudit[]>;
  getUser(userId: number): Promise<CustomerProfile | null>;
  /** The user id the bot's API token acts as; its own audits are never touches. */
  getBotUserId(): Promise<number>;
  /** Applies the update; returns the id of the audit Zendesk created for it, when given. */
  updateTicket(ticketId: number, update: TicketUpdate): Promise<{ auditId: number | null }>;
  /**
   * The id of the ticket's audit whose custom metadata (written with `TicketUpdate.auditMetadata`)
   * holds every key and value of `custom`; null when none does or the ticket is gone.
   */
  findAuditByMetadata(ticketId: number, custom: Record<string, string>): Promise<number | null>;
  exportTicketEvents(startTime: number): Promise<TicketEventsPage>;
  exportTickets(params: { startTime: number } | { cursor: string }): Promise<TicketsPage>;
}

/**
 * What a stored Zendesk webhook delivery asks of the worker: sync one ticket, or nothing
 * (an event type that cannot change a timeline, kept for the record).
 */
export type ZendeskDeliveryEvent = { kind: 'ticket'; ticketId: number } | { kind: 'ignored'; reason: string };

/** Reads a stored delivery's raw body; throws a permanent coded error for a body no retry can read. */
export type ReadZendeskDelivery = (rawBody: string) => ZendeskDeliveryEvent;
