import { ZendeskApiError } from '../../src/ports/errors.js';
import type { TicketEventsPage, TicketsPage, ZendeskPort } from '../../src/ports/zendesk.js';
import { AUDIT_PAGE_SIZE, findAuditByMetadata } from './find-audit-by-metadata.js';
import { mapIncrementalTicketEvent, mapTicket, mapUser } from './map.js';
import { isRecord, readId, readText } from './payload-fields.js';
import { field, startTimeOf } from './paging.js';
import { readAuditHistory, readCase } from './read-case.js';
import type { CallContext } from './request-once.js';
import { updateTicket } from './update-ticket.js';
import { createZendeskHttp, SILENT_ZENDESK_LOGGER, type ZendeskClientOptions } from './zendesk-http.js';

export type { ZendeskClientOptions } from './zendesk-http.js';

/**
 * The ZendeskPort over one Zendesk transport (zendesk-http.ts: node-zendesk's `_rawRequest`
 * with our deadline, gate and request budget). Each call is one request, classified by
 * requestOnce; retries belong to the queue workers, which reschedule instead of sleeping.
 */
export function createZendeskClient(options: ZendeskClientOptions): ZendeskPort {
  const http = createZendeskHttp(options);
  const { call, endpoint, rebase } = http;
  const logger = options.logger ?? SILENT_ZENDESK_LOGGER;

  function notFound(context: CallContext): never {
    throw new ZendeskApiError(`${context.operation}: Zendesk answered 404`, 404, false);
  }

  let botUserId: Promise<number> | null = null;

  const this_: ZendeskPort = {
    async getTicket(ticketId) {
      const response = await call('GET', endpoint(`tickets/${ticketId}`), { operation: 'getTicket', ticketId });
      if (response.status === 404) return null;
      return mapTicket(field(response.body, 'ticket'));
    },

    async listAudits(ticketId) {
      const history = await readAuditHistory(http, ticketId, { includeUsers: false, logger });
      if (!history) notFound({ operation: 'listAudits', ticketId });
      return history.audits;
    },

    readCase(ticketId, known) {
      return readCase(http, ticketId, known, logger);
    },

    async getUser(userId) {
      const response = await call('GET', endpoint(`users/${userId}`), { operation: 'getUser', userId });
      if (response.status === 404) return null;
      return mapUser(field(response.body, 'user'));
    },

    getBotUserId() {
      botUserId ??= fetchBotUserId().catch((error: unknown) => {
        botUserId = null; // a failed lookup must not be cached
        throw error;
      });
      return botUserId;
    },

    updateTicket(ticketId, update, known) {
      return updateTicket({ http, logger, ownAuditSince }, ticketId, update, known ?? null);
    },

    findAuditByMetadata(ticketId, custom) {
      const context = { operation: 'findAuditByMetadata', ticketId };
      return findAuditByMetadata(
        {
          firstUrl: endpoint(`tickets/${ticketId}/audits`, { 'page[size]': AUDIT_PAGE_SIZE }),
          read: (url, page) => call('GET', url, { ...context, page }),
          rebase,
        },
        custom,
      );
    },

    async exportTicketEvents(startTime): Promise<TicketEventsPage> {
      const context = { operation: 'exportTicketEvents' };
      const url = endpoint('incremental/ticket_events', { start_time: startTime, include: 'comment_events' });
      const response = await call('GET', url, context);
      if (response.status === 404) notFound(context);
      const events = field(response.body, 'ticket_events');
      const audits = (Array.isArray(events) ? events : []).flatMap((event) => {
        try {
          return [mapIncrementalTicketEvent(event)];
        } catch (error) {
          // One malformed record must not stall a backfill forever; say which and move on.
          logger.warn(
            { ...context, eventId: isRecord(event) ? event.id : null, error: String(error) },
            'skipped ticket event',
          );
          return [];
        }
      });
      return {
        audits,
        nextStartTime:
          readId(field(response.body, 'end_time')) ?? startTimeOf(field(response.body, 'next_page')) ?? startTime,
        endOfStream: field(response.body, 'end_of_stream') === true,
      };
    },

    async exportTickets(params): Promise<TicketsPage> {
      const context = { operation: 'exportTickets' };
      const query: Record<string, string | number> =
        'cursor' in params ? { cursor: params.cursor } : { start_time: params.startTime };
      const response = await call('GET', endpoint('incremental/tickets/cursor', query), context);
      if (response.status === 404) notFound(context);
      const tickets = field(response.body, 'tickets');
      return {
        tickets: (Array.isArray(tickets) ? tickets : []).map(mapTicket),
        afterCursor: readText(field(response.body, 'after_cursor')),
        endOfStream: field(response.body, 'end_of_stream') === true,
      };
    },
  };
  return this_;

  /** The id of an audit by the bot, with a comment, made at or after `stamp`; null when there is none. */
  async function ownAuditSince(ticketId: number, stamp: string | null): Promise<number | null> {
    if (!stamp) return null;
    const [botId, audits] = await Promise.all([this_.getBotUserId(), this_.listAudits(ticketId)]);
    const since = Date.parse(stamp);
    const own = audits.filter(
      (a) => a.authorId === botId && a.createdAt.getTime() >= since && a.events.some((e) => e.kind === 'comment'),
    );
    return own.at(-1)?.id ?? null;
  }

  async function fetchBotUserId(): Promise<number> {
    const context = { operation: 'getBotUserId' };
    const response = await call('GET', endpoint('users/me'), context);
    const user = field(response.body, 'user');
    const id = isRecord(user) ? readId(user.id) : null;
    // Zendesk answers users/me for an unauthenticated caller with an anonymous user whose id is null.
    if (id === null) {
      throw new ZendeskApiError(
        'getBotUserId: Zendesk answered users/me with an anonymous user; check ZENDESK_EMAIL and ZENDESK_API_TOKEN',
        response.status,
        false,
      );
    }
    return id;
  }
}
