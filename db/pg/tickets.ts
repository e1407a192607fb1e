import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { TicketStore } from '../../src/ports/store.js';
import {
  auditToRow,
  chunks,
  effortToDriverRow,
  rowToAudit,
  rowToCustomer,
  rowToTicket,
  stillNeedsRecompute,
  ticketToRow,
  timelineToRows,
} from '../ticket-rows.js';
import { assignments, customers, statusChanges, ticketAudits, ticketDrivers, tickets, touches } from './schema.js';
import { createEffortReads } from './ticket-effort-reads.js';
import { lockTicketForStoring, lockTicketsForAudits } from './ticket-locks.js';
import type { PgUnitOfWork } from './unit-of-work.js';

/**
 * The ticket store on PostgreSQL, behaving as db/sqlite/tickets.ts does. Several writers (and
 * instances) may store the same ticket at once, so each write is one atomic statement or a
 * transaction that locks what it rewrites first. `onEffortSaved` runs inside the transaction
 * that stores a case's effort (the dashboard's facts follow it there).
 */
export function createTicketStore(unit: PgUnitOfWork, onEffortSaved: (ticketId: number) => Promise<void>): TicketStore {
  return {
    async upsertTicket(ticket, syncedAt) {
      const { id: _id, syncedAt: _synced, ...changes } = ticketToRow(ticket, syncedAt);
      await unit.atomically(async () => {
        await lockTicketForStoring(unit, ticket.id);
        await unit.db
          .insert(tickets)
          .values({
            ...ticketToRow(ticket, syncedAt),
            // Audits may have arrived before the ticket (backfill pages); score them once it exists.
            needsRecompute: sql`exists (select 1 from ${ticketAudits} where ${ticketAudits.ticketId} = ${ticket.id})`,
          })
          // A backfilled copy (syncedAt null) must not erase when the live sync last read the ticket.
          .onConflictDoUpdate({
            target: tickets.id,
            set: syncedAt ? { ...changes, syncedAt: syncedAt.getTime() } : changes,
          });
      });
    },

    async getTicket(ticketId) {
      const [row] = await unit.db.select().from(tickets).where(eq(tickets.id, ticketId));
      return row ? rowToTicket(row) : null;
    },

    async upsertCustomer(customer, now) {
      const row = { ...customer, updatedAt: now.getTime() };
      const { id: _id, ...changes } = row;
      await unit.db.insert(customers).values(row).onConflictDoUpdate({ target: customers.id, set: changes });
    },

    async getCustomer(customerId) {
      const [row] = await unit.db.select().from(customers).where(eq(customers.id, customerId));
      return row ? rowToCustomer(row) : null;
    },

    async getCustomerRefreshedAt(customerId) {
      const [row] = await unit.db
        .select({ updatedAt: customers.updatedAt })
        .from(customers)
        .where(eq(customers.id, customerId));
      return row ? new Date(row.updatedAt) : null;
    },

    async replaceAudits(ticketId, audits) {
      await unit.atomically(async () => {
        await unit.db.delete(ticketAudits).where(eq(ticketAudits.ticketId, ticketId));
        for (const part of chunks(audits.map(auditToRow))) {
          // A backfill page committing one of these audits meanwhile (unseen by the delete above)
          // must not fail the sync: the audit is the same, so take this copy.
          await unit.db
            .insert(ticketAudits)
            .values(part)
            .onConflictDoUpdate({ target: ticketAudits.id, set: excludedAuditColumns });
        }
      });
    },

    async addAudits(audits) {
      if (audits.length === 0) return 0;
      return unit.atomically(async () => {
        await lockTicketsForAudits(
          unit,
          audits.map((audit) => audit.ticketId),
        );
        const changedTickets = new Set<number>();
        let addedCount = 0;
        for (const part of chunks(audits.map(auditToRow))) {
          const added = await unit.db
            .insert(ticketAudits)
            .values(part)
            .onConflictDoNothing()
            .returning({ ticketId: ticketAudits.ticketId });
          addedCount += added.length;
          for (const row of added) changedTickets.add(row.ticketId);
        }
        // Only tickets that really got new audits need their drivers computed again.
        for (const part of chunks([...changedTickets])) {
          await unit.db.update(tickets).set({ needsRecompute: true }).where(inArray(tickets.id, part));
        }
        return addedCount;
      });
    },

    async listAudits(ticketId) {
      const rows = await unit.db
        .select()
        .from(ticketAudits)
        .where(eq(ticketAudits.ticketId, ticketId))
        .orderBy(asc(ticketAudits.createdAt), asc(ticketAudits.id));
      return rows.map(rowToAudit);
    },

    async listRequesterTickets(requesterId, exceptTicketId) {
      const rows = await unit.db
        .select({ createdAt: tickets.createdAt, formId: tickets.formId, tags: tickets.tags })
        .from(tickets)
        .where(and(eq(tickets.requesterId, requesterId), ne(tickets.id, exceptTicketId)))
        // SQLite returns them in the order of its (requester, created) index; say it here.
        .orderBy(asc(tickets.createdAt), asc(tickets.id));
      return rows.map((r) => ({ createdAt: new Date(r.createdAt), formId: r.formId, tags: r.tags }));
    },

    async saveEffort(ticketId, timeline, drivers, score, now, scoringVersion = '', auditCount) {
      const rows = timelineToRows(timeline);
      const driverRow = effortToDriverRow(ticketId, drivers, score, now, scoringVersion);
      const { ticketId: _id, ...changes } = driverRow;
      await unit.atomically(async () => {
        // Audits arriving for the ticket (addAudits) wait for this commit, or this waits for
        // theirs: the count of audits below then sees every audit whose flag it could clear.
        if (auditCount !== undefined) await lockTicketForStoring(unit, ticketId);
        // First, since it locks the ticket's row: a second save of the case waits for this one
        // to commit, then its deletes see (and remove) these rows instead of adding to them.
        await unit.db
          .update(tickets)
          .set({ needsRecompute: stillNeedsRecompute(ticketId, auditCount) })
          .where(eq(tickets.id, ticketId));
        await unit.db.delete(touches).where(eq(touches.ticketId, ticketId));
        await unit.db.delete(assignments).where(eq(assignments.ticketId, ticketId));
        await unit.db.delete(statusChanges).where(eq(statusChanges.ticketId, ticketId));
        for (const part of chunks(rows.touches)) await unit.db.insert(touches).values(part);
        for (const part of chunks(rows.assignments)) await unit.db.insert(assignments).values(part);
        for (const part of chunks(rows.statusChanges)) await unit.db.insert(statusChanges).values(part);
        await unit.db
          .insert(ticketDrivers)
          .values(driverRow)
          .onConflictDoUpdate({ target: ticketDrivers.ticketId, set: changes });
        await onEffortSaved(ticketId);
      });
    },

    ...createEffortReads(unit),

    async setEffortStateKey(ticketId, stateKey) {
      await unit.db.update(tickets).set({ effortStateKey: stateKey }).where(eq(tickets.id, ticketId));
    },
  };
}

/** Every audit column but the id, taken from the row that conflicted (`excluded`). */
const excludedAuditColumns = {
  ticketId: sql`excluded.ticket_id`,
  createdAt: sql`excluded.created_at`,
  authorId: sql`excluded.author_id`,
  channel: sql`excluded.channel`,
  viaRel: sql`excluded.via_rel`,
  events: sql`excluded.events`,
};
