import type { Store } from '../ports/store.js';
import type { TicketStateMemory } from '../ports/zendesk.js';

/** The stored ticket row as the write-back's memory of Zendesk's ticket; never moved backwards. */
export function storedTicketState(store: Store): TicketStateMemory {
  return {
    async known(ticketId) {
      const ticket = await store.tickets.getTicket(ticketId);
      return ticket ? { tags: ticket.tags, updatedAt: ticket.updatedAt } : null;
    },
    async remember(ticket) {
      await store.atomically(async () => {
        const stored = await store.tickets.getTicket(ticket.id);
        if (stored && stored.updatedAt.getTime() > ticket.updatedAt.getTime()) return;
        await store.tickets.upsertTicket(ticket, null);
      });
    },
  };
}
