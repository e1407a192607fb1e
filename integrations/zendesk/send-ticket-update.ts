import type { OutboxMessage, OutboxSender, ZENDESK_TICKET_UPDATE } from '../../src/ports/outbox.js';
import type { TicketStateMemory, ZendeskPort } from '../../src/ports/zendesk.js';

/**
 * The audit metadata that names the outbox message behind a write-back. Zendesk keeps it on
 * the audit the PUT creates (`metadata.custom`), which is how a later try recognises it.
 */
export function outboxAuditMetadata(message: Pick<OutboxMessage, 'id' | 'dedupeKey'>): Record<string, string> {
  return { effortless_outbox_id: String(message.id), effortless_dedupe_key: message.dedupeKey };
}

/**
 * Outbox sender for `zendesk.ticket_update`: one PUT, written on the ticket state we last saw
 * (`tickets`; a 409 then costs a read and a second try); the audit id it creates is kept as
 * the provider id, and the ticket Zendesk answers with becomes the state we last saw. When an earlier try may have been applied (the process died during the PUT,
 * or its answer never came), the ticket's audits are searched for this message's metadata
 * first: writing again would add a second internal note.
 */
export function createZendeskTicketUpdateSender(
  zendesk: ZendeskPort,
  tickets: TicketStateMemory | null = null,
): OutboxSender<typeof ZENDESK_TICKET_UPDATE> {
  return async (message, log, context) => {
    const { ticketId, update } = message.payload;
    const auditMetadata = outboxAuditMetadata(message);
    if (context.previousOutcomeUnknown) {
      const earlier = await zendesk.findAuditByMetadata(ticketId, auditMetadata);
      if (earlier !== null) {
        log.info(
          { ticketId, auditId: earlier },
          'zendesk already has this update from an earlier try; not writing it again',
        );
        return { providerId: String(earlier) };
      }
    }
    const known = (await tickets?.known(ticketId)) ?? null;
    const { auditId, ticket } = await zendesk.updateTicket(ticketId, { ...update, auditMetadata }, known);
    if (ticket) await tickets?.remember(ticket);
    log.info({ ticketId, auditId }, 'zendesk ticket updated');
    return { providerId: auditId === null ? null : String(auditId) };
  };
}
