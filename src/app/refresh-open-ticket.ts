import type { TicketSnapshot } from '../domain/ticket.js';
import { SOLVED_STATUSES } from '../domain/timeline.js';
import { syncTicket, type TicketSyncDeps } from './sync-ticket.js';

/**
 * Live drivers of an open ticket, on demand. Webhooks keep an open ticket's state current
 * without any Zendesk call, but its audits are read only at the solve (the API budget). When
 * someone looks at an open ticket (the agents' panel) that changed since its drivers were
 * computed, its audits are read once, then: one call per change looked at, not per event.
 * A failed read leaves what is stored (the caller shows it, with its computedAt).
 */
export function createOpenTicketRefresher(
  deps: TicketSyncDeps,
): (ticketId: number) => Promise<'refreshed' | 'current'> {
  return async (ticketId) => {
    const stored = await deps.store.tickets.getTicket(ticketId);
    if (!stored || SOLVED_STATUSES.has(stored.status)) return 'current';
    const effort = await deps.store.tickets.getEffort(ticketId);
    if (effort && effort.computedAt.getTime() >= stored.updatedAt.getTime()) return 'current';
    const { effortStateKey: _key, syncedAt: _synced, ...snapshot } = stored;
    try {
      await syncTicket(deps, ticketId, { snapshot: snapshot satisfies TicketSnapshot, coversUntil: null });
      return 'refreshed';
    } catch (error) {
      deps.logger.warn(
        { ticketId, error: String(error) },
        'could not read the open ticket again; serving what is stored',
      );
      return 'current';
    }
  };
}
