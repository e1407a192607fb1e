import type { TicketSnapshot, TicketUpdate } from '../../src/domain/ticket.js';
import { ZendeskApiError } from '../../src/ports/errors.js';
import type { KnownTicketState, TicketUpdateResult } from '../../src/ports/zendesk.js';
import { mapTicket, toZendeskTicketUpdate, type TicketWriteBase } from './map.js';
import { field } from './paging.js';
import { isRecord, readId, readText } from './payload-fields.js';
import type { ZendeskLogger } from './request-once.js';
import type { ZendeskHttp } from './zendesk-http.js';

/** Writes again after a 409 (safe_update) at most this often. */
const MAX_COLLISION_ROUNDS = 3;

export interface UpdateTicketDeps {
  http: ZendeskHttp;
  logger: ZendeskLogger;
  /** The id of an audit by the bot with a comment, made at or after the stamp; null when none. */
  ownAuditSince(ticketId: number, stamp: string | null): Promise<number | null>;
}

function isEmptyUpdate(update: TicketUpdate): boolean {
  return (
    update.customFields.length === 0 &&
    update.addTags.length === 0 &&
    update.removeTags.length === 0 &&
    !update.internalNote?.trim()
  );
}

/**
 * `updated_stamp` as Zendesk writes `updated_at` (whole seconds, `Z`): the documented check
 * compares it with the ticket's `updated_at`, so it is sent in that same form.
 */
export function zendeskStamp(at: Date): string {
  return `${at.toISOString().slice(0, 19)}Z`;
}

/**
 * The documented ticket update replaces the whole tag list, so it needs the current tags, and
 * `safe_update` with the ticket's stamp makes Zendesk refuse it (409) if the ticket changed
 * since. With a known state (what the last webhook or write said) the first try is the PUT
 * alone; only a 409 costs a read. Without one, each round reads, then writes.
 */
export async function updateTicket(
  deps: UpdateTicketDeps,
  ticketId: number,
  update: TicketUpdate,
  known: KnownTicketState | null,
): Promise<TicketUpdateResult> {
  const context = { operation: 'updateTicket', ticketId };
  if (isEmptyUpdate(update)) return { auditId: null, ticket: null };
  let base: TicketWriteBase | null = known
    ? { currentTags: known.tags, updatedStamp: zendeskStamp(known.updatedAt) }
    : null;
  for (let round = 1; round <= MAX_COLLISION_ROUNDS; round += 1) {
    base ??= await readWriteBase(deps.http, ticketId);
    try {
      const response = await deps.http.call(
        'PUT',
        deps.http.endpoint(`tickets/${ticketId}`),
        context,
        toZendeskTicketUpdate(update, base),
      );
      if (response.status === 404) throw notFound(ticketId);
      const audit = field(response.body, 'audit');
      return { auditId: isRecord(audit) ? readId(audit.id) : null, ticket: ticketOrNull(response.body) };
    } catch (error) {
      if (!(error instanceof ZendeskApiError) || error.status !== 409) throw error;
      // The ticket changed since that stamp. It may have been our own earlier attempt whose
      // answer was lost (a 5xx after Zendesk applied it): then writing again would add a second note.
      const own = await deps.ownAuditSince(ticketId, base.updatedStamp);
      if (own !== null) return { auditId: own, ticket: null };
      deps.logger.warn({ ...context, round }, 'zendesk update collided with another change; reading the ticket again');
      base = null;
    }
  }
  throw new ZendeskApiError(
    `updateTicket: ticket ${ticketId} kept changing while we wrote (409 ${MAX_COLLISION_ROUNDS} times)`,
    409,
    true,
  );
}

async function readWriteBase(http: ZendeskHttp, ticketId: number): Promise<TicketWriteBase> {
  const current = await http.call('GET', http.endpoint(`tickets/${ticketId}`), { operation: 'updateTicket', ticketId });
  if (current.status === 404) throw notFound(ticketId);
  const ticket = field(current.body, 'ticket');
  return {
    currentTags:
      isRecord(ticket) && Array.isArray(ticket.tags)
        ? ticket.tags.filter((t): t is string => typeof t === 'string')
        : [],
    updatedStamp: isRecord(ticket) ? readText(ticket.updated_at) : null,
  };
}

/** The Update Ticket answer holds the ticket after the change; a shape we cannot read is no reason to fail a write that happened. */
function ticketOrNull(body: unknown): TicketSnapshot | null {
  try {
    return mapTicket(field(body, 'ticket'));
  } catch {
    return null;
  }
}

function notFound(ticketId: number): ZendeskApiError {
  return new ZendeskApiError(`updateTicket: Zendesk answered 404 for ticket ${ticketId}`, 404, false);
}
