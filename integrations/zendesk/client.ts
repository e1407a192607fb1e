import nodeZendesk from 'node-zendesk';
import { ZendeskApiError } from '../../src/ports/errors.js';
import type { TicketEventsPage, TicketsPage, ZendeskPort } from '../../src/ports/zendesk.js';
import { fetchWithDeadline } from './fetch-with-deadline.js';
import { AUDIT_PAGE_SIZE, findAuditByMetadata } from './find-audit-by-metadata.js';
import { mapIncrementalTicketEvent, mapTicket, mapUser } from './map.js';
import { isRecord, readId, readText } from './payload-fields.js';
import { field, startTimeOf } from './paging.js';
import { readAuditHistory, readCase } from './read-case.js';
import { UNLIMITED_BUDGET, type RequestBudget } from './request-budget.js';
import { updateTicket } from './update-ticket.js';
import type { ZendeskHttp } from './zendesk-http.js';
import {
  OPEN_GATE,
  requestOnce,
  type CallContext,
  type RateLimitGate,
  type ZendeskLogger,
  type ZendeskResponse,
} from './request-once.js';

export interface ZendeskClientOptions {
  /** `https://<subdomain>.zendesk.com`, or any base URL that serves `/api/v2` (proxy, test double). */
  url: string;
  email: string;
  apiToken: string;
  logger?: ZendeskLogger;
  /** Connect and response deadline of each request, body included (UPSTREAM_TIMEOUT_SECONDS). */
  timeoutMs?: number;
  /** Holds every call after a 429 with Retry-After; share one per process (compose/integrations.ts). */
  gate?: RateLimitGate;
  /** Paces every call below the account's rate limit; share one per account. */
  budget?: RequestBudget;
  /** Called for each request that goes out (metrics). */
  onRequest?: (operation: string) => void;
  now?: () => number;
}

/** UPSTREAM_TIMEOUT_SECONDS' default, for clients built outside compose/. */
const DEFAULT_TIMEOUT_MS = 15_000;

const silentLogger: ZendeskLogger = { debug: () => undefined, warn: () => undefined };

/**
 * The ZendeskPort over node-zendesk, which does authentication (email/token basic auth),
 * headers and JSON; the transport is ours (fetchWithDeadline, the SDK's transportConfig).
 * Its high-level methods are a poor fit: their errors drop the HTTP status and headers (so
 * no Retry-After), a 429 that carries Retry-After is *returned* rather than thrown, 502/504
 * pass as successes, and GETs on some paths (incremental/tickets/*) get an unasked-for
 * `page[size]=100`. So every call goes through the SDK's `_rawRequest`, which returns
 * status, headers and parsed JSON untouched, with full URLs (node-zendesk passes a URL that
 * already contains its endpointUri through verbatim). Each call is one request, classified
 * by requestOnce; retries belong to the queue workers, which reschedule instead of sleeping.
 */
export function createZendeskClient(options: ZendeskClientOptions): ZendeskPort {
  const base = options.url.replace(/\/+$/, '');
  const apiRoot = `${base}/api/v2`;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const transportConfig = fetchWithDeadline(timeoutMs);
  const sdk = nodeZendesk.createClient({
    username: options.email,
    token: options.apiToken,
    endpointUri: apiRoot,
    transportConfig,
  });
  const transport = sdk.tickets; // any core sub-client: _rawRequest only needs the shared options
  const logger = options.logger ?? silentLogger;
  const once = {
    timeoutMs,
    gate: options.gate ?? OPEN_GATE,
    budget: options.budget ?? UNLIMITED_BUDGET,
    logger,
    now: options.now ?? Date.now,
    ...(options.onRequest ? { onRequest: options.onRequest } : {}),
  };

  async function call(
    method: 'GET' | 'PUT',
    url: string,
    context: CallContext,
    body?: object,
  ): Promise<ZendeskResponse> {
    logger.debug({ ...context, method, path: new URL(url).pathname }, 'zendesk request');
    return requestOnce(
      async () => {
        const { response, result } = await transport._rawRequest(method, url, ...(body ? [body] : []));
        return { status: response.status as number, headers: response.headers, body: result };
      },
      context,
      { ...once, method },
    );
  }

  function endpoint(path: string, query: Record<string, string | number> = {}): string {
    const search = new URLSearchParams(
      Object.entries(query).map(([key, value]): [string, string] => [key, String(value)]),
    );
    return `${apiRoot}/${path}.json${search.size > 0 ? `?${search}` : ''}`;
  }

  /** Next links carry Zendesk's own host; keep using ours so a proxy or test double stays in the path. */
  function rebase(link: string): string {
    const next = new URL(link, base);
    const at = next.pathname.indexOf('/api/v2/');
    return `${base}${at >= 0 ? next.pathname.slice(at) : next.pathname}${next.search}`;
  }

  function notFound(context: CallContext): never {
    throw new ZendeskApiError(`${context.operation}: Zendesk answered 404`, 404, false);
  }

  const http: ZendeskHttp = { call, endpoint, rebase };
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
