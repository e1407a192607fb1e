import { and, asc, count, eq, gt, gte, inArray, isNotNull, ne, sql } from 'drizzle-orm';
import type { TicketStore } from '../../src/ports/store.js';
import type { SqliteDb } from '../connection.js';
import {
  assignments,
  customers,
  statusChanges,
  surveys,
  ticketAudits,
  ticketDrivers,
  tickets,
  touches,
} from '../schema.js';
import {
  auditToRow,
  chunks,
  effortToDriverRow,
  rowToAnsweredCes,
  rowToAudit,
  rowToCustomer,
  rowToDrivers,
  rowToScore,
  rowToTicket,
  rowsToTimeline,
  stillNeedsRecompute,
  ticketToRow,
  timelineToRows,
} from '../ticket-rows.js';

/**
 * `onEffortSaved` runs inside the transaction that stores a case's effort (the dashboard's
 * facts follow it there); tests that need no dashboard leave it out.
 */
export function createTicketStore(db: SqliteDb, onEffortSaved: (ticketId: number) => void = () => {}): TicketStore {
  return {
    async upsertTicket(ticket, syncedAt) {
      const { id: _id, syncedAt: _synced, ...changes } = ticketToRow(ticket, syncedAt);
      db.insert(tickets)
        .values({
          ...ticketToRow(ticket, syncedAt),
          // Audits may have arrived before the ticket (backfill pages); score them once it exists.
          needsRecompute: sql`exists (select 1 from ${ticketAudits} where ${ticketAudits.ticketId} = ${ticket.id})`,
        })
        // A backfilled copy (syncedAt null) must not erase when the live sync last read the ticket.
        .onConflictDoUpdate({
          target: tickets.id,
          set: syncedAt ? { ...changes, syncedAt: syncedAt.getTime() } : changes,
        })
        .run();
    },

    async getTicket(ticketId) {
      const row = db.select().from(tickets).where(eq(tickets.id, ticketId)).get();
      return row ? rowToTicket(row) : null;
    },

    async upsertCustomer(customer, now) {
      const row = { ...customer, updatedAt: now.getTime() };
      const { id: _id, ...changes } = row;
      db.insert(customers).values(row).onConflictDoUpdate({ target: customers.id, set: changes }).run();
    },

    async getCustomer(customerId) {
      const row = db.select().from(customers).where(eq(customers.id, customerId)).get();
      return row ? rowToCustomer(row) : null;
    },

    async getCustomerRefreshedAt(customerId) {
      const row = db
        .select({ updatedAt: customers.updatedAt })
        .from(customers)
        .where(eq(customers.id, customerId))
        .get();
      return row ? new Date(row.updatedAt) : null;
    },

    async replaceAudits(ticketId, audits) {
      db.transaction((tx) => {
        tx.delete(ticketAudits).where(eq(ticketAudits.ticketId, ticketId)).run();
        for (const part of chunks(audits.map(auditToRow))) tx.insert(ticketAudits).values(part).run();
      });
    },

    async addAudits(audits) {
      if (audits.length === 0) return 0;
      return db.transaction((tx) => {
        const changedTickets = new Set<number>();
        let addedCount = 0;
        for (const part of chunks(audits.map(auditToRow))) {
          const added = tx
            .insert(ticketAudits)
            .values(part)
            .onConflictDoNothing()
            .returning({ ticketId: ticketAudits.ticketId })
            .all();
          addedCount += added.length;
          for (const row of added) changedTickets.add(row.ticketId);
        }
        // Only tickets that really got new audits need their drivers computed again.
        for (const part of chunks([...changedTickets])) {
          tx.update(tickets).set({ needsRecompute: true }).where(inArray(tickets.id, part)).run();
        }
        return addedCount;
      });
    },

    async listAudits(ticketId) {
      return db
        .select()
        .from(ticketAudits)
        .where(eq(ticketAudits.ticketId, ticketId))
        .orderBy(asc(ticketAudits.createdAt), asc(ticketAudits.id))
        .all()
        .map(rowToAudit);
    },

    async listRequesterTickets(requesterId, exceptTicketId) {
      return db
        .select({ createdAt: tickets.createdAt, formId: tickets.formId, tags: tickets.tags })
        .from(tickets)
        .where(and(eq(tickets.requesterId, requesterId), ne(tickets.id, exceptTicketId)))
        .all()
        .map((r) => ({ createdAt: new Date(r.createdAt), formId: r.formId, tags: r.tags }));
    },

    async saveEffort(ticketId, timeline, drivers, score, now, scoringVersion = '', auditCount) {
      const rows = timelineToRows(timeline);
      const driverRow = effortToDriverRow(ticketId, drivers, score, now, scoringVersion);
      db.transaction((tx) => {
        tx.delete(touches).where(eq(touches.ticketId, ticketId)).run();
        tx.delete(assignments).where(eq(assignments.ticketId, ticketId)).run();
        tx.delete(statusChanges).where(eq(statusChanges.ticketId, ticketId)).run();
        for (const part of chunks(rows.touches)) tx.insert(touches).values(part).run();
        for (const part of chunks(rows.assignments)) tx.insert(assignments).values(part).run();
        for (const part of chunks(rows.statusChanges)) tx.insert(statusChanges).values(part).run();
        const { ticketId: _id, ...changes } = driverRow;
        tx.insert(ticketDrivers)
          .values(driverRow)
          .onConflictDoUpdate({ target: ticketDrivers.ticketId, set: changes })
          .run();
        tx.update(tickets)
          .set({ needsRecompute: stillNeedsRecompute(ticketId, auditCount) })
          .where(eq(tickets.id, ticketId))
          .run();
        onEffortSaved(ticketId);
      });
    },

    async getEffort(ticketId) {
      const ticketRow = db.select().from(tickets).where(eq(tickets.id, ticketId)).get();
      const driverRow = db.select().from(ticketDrivers).where(eq(ticketDrivers.ticketId, ticketId)).get();
      if (!ticketRow || !driverRow) return null;
      const ticket = rowToTicket(ticketRow);
      const timeline = rowsToTimeline(ticket, {
        touches: db
          .select()
          .from(touches)
          .where(eq(touches.ticketId, ticketId))
          .orderBy(asc(touches.at), asc(touches.id))
          .all(),
        assignments: db
          .select()
          .from(assignments)
          .where(eq(assignments.ticketId, ticketId))
          .orderBy(asc(assignments.at), asc(assignments.id))
          .all(),
        statusChanges: db
          .select()
          .from(statusChanges)
          .where(eq(statusChanges.ticketId, ticketId))
          .orderBy(asc(statusChanges.at), asc(statusChanges.id))
          .all(),
      });
      return {
        ticket,
        drivers: rowToDrivers(driverRow),
        score: rowToScore(driverRow),
        computedAt: new Date(driverRow.computedAt),
        timeline,
      };
    },

    async listTicketsNeedingRecompute(limit) {
      return db
        .select({ id: tickets.id })
        .from(tickets)
        .where(eq(tickets.needsRecompute, true))
        .orderBy(asc(tickets.id))
        .limit(limit)
        .all()
        .map((r) => r.id);
    },

    async listTicketsScoredOtherThan(version, afterId, limit) {
      return db
        .select({ id: ticketDrivers.ticketId })
        .from(ticketDrivers)
        .where(and(ne(ticketDrivers.scoringVersion, version), gt(ticketDrivers.ticketId, afterId)))
        .orderBy(asc(ticketDrivers.ticketId))
        .limit(limit)
        .all()
        .map((r) => r.id);
    },

    async countTicketsScoredOtherThan(version) {
      const row = db.select({ n: count() }).from(ticketDrivers).where(ne(ticketDrivers.scoringVersion, version)).get();
      return row?.n ?? 0;
    },

    async listAnsweredCes(since) {
      return db
        .select({ answeredAt: surveys.answeredAt, ces: surveys.score, driver: ticketDrivers })
        .from(surveys)
        .innerJoin(ticketDrivers, eq(ticketDrivers.ticketId, surveys.ticketId))
        .where(
          and(
            eq(surveys.kind, 'CES'),
            isNotNull(surveys.score),
            isNotNull(surveys.answeredAt),
            gte(surveys.answeredAt, since.getTime()),
          ),
        )
        .orderBy(asc(surveys.answeredAt), asc(surveys.id))
        .all()
        .map(rowToAnsweredCes);
    },

    async setEffortStateKey(ticketId, stateKey) {
      db.update(tickets).set({ effortStateKey: stateKey }).where(eq(tickets.id, ticketId)).run();
    },
  };
}
