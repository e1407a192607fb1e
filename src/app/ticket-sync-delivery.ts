import type { DeliveryHandler } from '../ports/inbox.js';
import type { ReadZendeskDelivery } from '../ports/zendesk.js';
import { syncTicket, type TicketSyncDeps } from './sync-ticket.js';

/**
 * The inbox handler for Zendesk deliveries: read which ticket moved (the integration's
 * `read`), then sync it unless a sync since the delivery arrived already saw the change.
 */
export function createTicketSyncDeliveryHandler(deps: TicketSyncDeps, read: ReadZendeskDelivery): DeliveryHandler {
  return async (delivery, log) => {
    const event = read(delivery.rawBody);
    if (event.kind !== 'ticket') {
      log.debug({ reason: event.reason }, 'zendesk delivery kept but ignored');
      return 'ignored';
    }
    // Bursts (status + comment + assignment for one save) need one read: a sync that began
    // after this delivery arrived already saw everything it announces.
    const stored = await deps.store.tickets.getTicket(event.ticketId);
    if (stored?.syncedAt && stored.syncedAt.getTime() >= delivery.receivedAt.getTime()) {
      log.debug({ ticketId: event.ticketId }, 'already synced after this delivery arrived');
      return 'done';
    }
    await syncTicket({ ...deps, logger: log }, event.ticketId);
    return 'done';
  };
}
