import type { DeliveryHandler } from '../../src/app/process-deliveries.js';
import { syncTicket, type TicketSyncDeps } from '../../src/app/sync-ticket.js';
import { PermanentError } from '../../src/app/errors.js';
import { parseZendeskWebhook, ZendeskPayloadError } from './map.js';

/** Worker side of POST /webhooks/zendesk: map the stored body, then sync the ticket it names. */
export function createZendeskDeliveryHandler(deps: TicketSyncDeps): DeliveryHandler {
  return async (delivery, log) => {
    let event: ReturnType<typeof parseZendeskWebhook>;
    try {
      event = parseZendeskWebhook(JSON.parse(delivery.rawBody));
    } catch (error) {
      if (error instanceof SyntaxError || error instanceof ZendeskPayloadError) throw new PermanentError((error as Error).message);
      throw error;
    }
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
