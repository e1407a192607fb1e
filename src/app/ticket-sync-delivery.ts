import type { TicketSnapshot } from '../domain/ticket.js';
import type { DeliveryHandler } from '../ports/inbox.js';
import type { ReadZendeskDelivery } from '../ports/zendesk.js';
import { syncTicket, type TicketSyncDeps } from './sync-ticket.js';
import { decideTicketDelivery } from './ticket-delivery-decision.js';
import { emitTicketChangeEvents } from './ticket-status-events.js';

/**
 * The inbox handler for Zendesk deliveries: read which ticket moved and how (the
 * integration's `read`), then spend Zendesk calls only where they buy something
 * (decideTicketDelivery): most events are stored from their own payload.
 */
export function createTicketSyncDeliveryHandler(deps: TicketSyncDeps, read: ReadZendeskDelivery): DeliveryHandler {
  return async (delivery, log) => {
    const event = read(delivery.rawBody);
    if (event.kind !== 'ticket') {
      log.debug({ reason: event.reason }, 'zendesk delivery kept but ignored');
      return 'ignored';
    }
    const { ticketId } = event;
    // Bursts (status + comment + assignment for one save) need one read: a sync that began
    // after this delivery arrived already saw everything it announces.
    const stored = await deps.store.tickets.getTicket(ticketId);
    if (stored?.syncedAt && stored.syncedAt.getTime() >= delivery.receivedAt.getTime()) {
      log.debug({ ticketId }, 'already synced after this delivery arrived');
      return 'done';
    }
    const action = decideTicketDelivery(stored, event);
    log.debug({ ticketId, action }, 'zendesk delivery');
    if (action === 'sync') {
      const known = event.snapshot && { snapshot: event.snapshot, coversUntil: delivery.receivedAt };
      await syncTicket({ ...deps, logger: log }, ticketId, known);
    } else if (action === 'apply' && event.snapshot) await applySnapshot(deps, event.snapshot);
    return 'done';
  };
}

/**
 * Stores the state a delivery carries and raises what its status change means (a reopen
 * cancels a planned survey), in one transaction, without asking Zendesk anything.
 */
async function applySnapshot(deps: TicketSyncDeps, snapshot: TicketSnapshot): Promise<void> {
  const now = deps.clock.now();
  await deps.store.atomically(async () => {
    const previous = await deps.store.tickets.getTicket(snapshot.id);
    await deps.store.tickets.upsertTicket(snapshot, null);
    await emitTicketChangeEvents(deps.events, previous, snapshot, now);
  });
}
