import type { OutboxSender, ZENDESK_TICKET_UPDATE } from '../../src/ports/outbox.js';
import type { ZendeskPort } from '../../src/ports/zendesk.js';

/** Outbox sender for `zendesk.ticket_update`: one PUT; the audit id it creates is kept as the provider id. */
export function createZendeskTicketUpdateSender(zendesk: ZendeskPort): OutboxSender<typeof ZENDESK_TICKET_UPDATE> {
  return async (message, log) => {
    const { ticketId, update } = message.payload;
    const { auditId } = await zendesk.updateTicket(ticketId, update);
    log.info({ ticketId, auditId }, 'zendesk ticket updated');
    return { providerId: auditId === null ? null : String(auditId) };
  };
}
