import type { TicketAudit } from '../../src/domain/audit.js';
import type { CustomerProfile, TicketSnapshot } from '../../src/domain/ticket.js';
import type { CaseRead } from '../../src/ports/zendesk.js';
import { mapAudit, mapTicket, mapUser } from './map.js';
import { field, nextPageLink } from './paging.js';
import type { ZendeskLogger } from './request-once.js';
import type { ZendeskHttp } from './zendesk-http.js';

/** Guards against a server whose `next` link never ends; 1,000 pages is 100,000 audits. */
const MAX_AUDIT_PAGES = 1_000;

export interface AuditHistory {
  audits: TicketAudit[];
  users: CustomerProfile[];
}

/**
 * Every audit of the ticket, all pages, oldest first, with the users Zendesk sideloaded when
 * asked (`include=users`, see "Side-loading related records"); null on 404.
 */
export async function readAuditHistory(
  http: ZendeskHttp,
  ticketId: number,
  options: { includeUsers: boolean; logger: ZendeskLogger },
): Promise<AuditHistory | null> {
  const context = { operation: 'listAudits', ticketId };
  const audits: TicketAudit[] = [];
  const users = new Map<number, CustomerProfile>();
  const seen = new Set<string>();
  let url: string | null = http.endpoint(
    `tickets/${ticketId}/audits`,
    options.includeUsers ? { include: 'users' } : {},
  );
  while (url && !seen.has(url) && seen.size < MAX_AUDIT_PAGES) {
    seen.add(url);
    const response = await http.call('GET', url, { ...context, page: seen.size });
    if (response.status === 404) return null;
    const page = field(response.body, 'audits');
    audits.push(...(Array.isArray(page) ? page.map(mapAudit) : []));
    for (const user of sideloadedUsers(response.body, options.logger)) users.set(user.id, user);
    const next = nextPageLink(response.body);
    url = next ? http.rebase(next) : null;
  }
  // The port promises oldest first; offset pages already are, but do not rely on it.
  audits.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id);
  return { audits, users: [...users.values()] };
}

/**
 * What the sync needs: the ticket (only when the caller has none; a webhook's `detail` is
 * one) and its audits, read side by side, with users sideloaded on both reads so that the
 * requester usually comes without a call of its own.
 */
export async function readCase(
  http: ZendeskHttp,
  ticketId: number,
  known: TicketSnapshot | null,
  logger: ZendeskLogger,
): Promise<CaseRead | null> {
  const [shown, history] = await Promise.all([
    known
      ? null
      : http.call('GET', http.endpoint(`tickets/${ticketId}`, { include: 'users' }), {
          operation: 'getTicket',
          ticketId,
        }),
    readAuditHistory(http, ticketId, { includeUsers: true, logger }),
  ]);
  if (history === null || shown?.status === 404) return null;
  const ticket = known ?? mapTicket(field(shown?.body, 'ticket'));
  const users = new Map(history.users.map((user) => [user.id, user]));
  for (const user of sideloadedUsers(shown?.body, logger)) users.set(user.id, user);
  return { ticket, audits: history.audits, users: [...users.values()] };
}

/** The `users` sideload of a response; a malformed record is skipped (the caller can still read the user). */
function sideloadedUsers(body: unknown, logger: ZendeskLogger): CustomerProfile[] {
  const users = field(body, 'users');
  if (!Array.isArray(users)) return [];
  return users.flatMap((user) => {
    try {
      return [mapUser(user)];
    } catch (error) {
      logger.warn({ error: String(error) }, 'skipped a sideloaded user Zendesk sent malformed');
      return [];
    }
  });
}
