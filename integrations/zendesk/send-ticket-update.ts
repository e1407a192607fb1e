import type { ZendeskTicketUpdateMessage } from '../../src/app/effort-writeback.js';
import type { OutboxSender } from '../../src/app/process-outbox.js';
import type { ZendeskPort } from '../../src/ports/zendesk.js';

/** Outbox sender for `zendesk.ticket_update`: one PUT; the audit id it creates is kept as the provider id. */
export function createZendeskTicketUpdateSender(zendesk: ZendeskPort): OutboxSender {
  return async (message, log) => {
    const { ticketId, update } = message.payload as ZendeskTicketUpdateMessage;
    const { auditId } = await zendesk.updateTicket(ticketId, update);
    log.info({ ticketId, auditId }, 'zendesk ticket updated');
    return { providerId: auditId === null ? null : String(auditId) };
  };
}
