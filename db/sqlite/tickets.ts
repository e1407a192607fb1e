import { and, asc, eq, getTableColumns, inArray, ne, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { EffortLevel, DriverContribution } from '../../src/domain/drivers.js';
import type { TicketStore } from '../../src/ports/store.js';
import type { SqliteDb } from '../connection.js';
import { assignments, customers, statusChanges, ticketAudits, ticketDrivers, tickets, touches } from '../schema.js';
import {
  auditToRow,
  rowToAudit,
  rowToCustomer,
  rowToTicket,
  rowsToTimeline,
  ticketToRow,
  timelineToRows,
} from './ticket-rows.js';
import { preparedOnce } from './prepared.js';

// SQLite allows 32766 bound parameters; keep multi-row inserts well below it.
const INSERT_CHUNK = 500;

function chunks<T>(items: T[], size = INSERT_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** `{ column: excluded.column }` for an upsert's update: the conflicting row takes the new values. */
function fromExcluded(columns: Record<string, SQLiteColumn>) {
  return Object.fromEntries(Object.entries(columns).map(([key, column]) => [key, sql.raw(`excluded.${column.name}`)]));
}

/** A placeholder per property of `row`, named after it, for a statement prepared once. */
function placeholders<T extends object>(row: T): T {
  return Object.fromEntries(Object.keys(row).map((key) => [key, sql.placeholder(key)])) as T;
}

export function createTicketStore(db: SqliteDb): TicketStore {
  const p = (name: string) => sql.placeholder(name);
  const exampleTicketRow = ticketToRow(
    {
      id: 0,
      requesterId: null,
      status: '',
      groupId: null,
      assigneeId: null,
      channel: '',
      tags: [],
      formId: null,
      type: null,
      subject: null,
      createdAt: new Date(0),
      updatedAt: new Date(0),
    },
    null,
  );
  const ticketColumns: Record<string, SQLiteColumn> = getTableColumns(tickets);
  const upsertTicket = (keepSyncedAt: boolean) =>
    preparedOnce(() => {
      const { id: _id, syncedAt: _synced, ...changed } = exampleTicketRow;
      const changedColumns = Object.fromEntries(
        Object.keys(changed).map((key) => [key, ticketColumns[key] as SQLiteColumn]),
      );
      return db
        .insert(tickets)
        .values({
          ...placeholders(exampleTicketRow),
          // Audits may have arrived before the ticket (backfill pages); score them once it exists.
          needsRecompute: sql`exists (select 1 from ${ticketAudits} where ${ticketAudits.ticketId} = ${p('id')})`,
        })
        .onConflictDoUpdate({
          target: tickets.id,
          set: fromExcluded(keepSyncedAt ? changedColumns : { ...changedColumns, syncedAt: tickets.syncedAt }),
        })
        .prepare();
    });
  // A backfilled copy (syncedAt null) must not erase when the live sync last read the ticket.
  const upsertSyncedTicket = upsertTicket(false);
  const upsertBackfilledTicket = upsertTicket(true);
  const ticketById = preparedOnce(() =>
    db
      .select()
      .from(tickets)
      .where(eq(tickets.id, p('id')))
      .prepare(),
  );
  const customerById = preparedOnce(() =>
    db
      .select()
      .from(customers)
      .where(eq(customers.id, p('id')))
      .prepare(),
  );
  const upsertCustomer = preparedOnce(() => {
    const { id: _id, ...changed } = getTableColumns(customers);
    return db
      .insert(customers)
      .values(placeholders({ id: 0, name: '', email: '', phone: '', locale: '', timeZone: '', updatedAt: 0 }) as never)
      .onConflictDoUpdate({ target: customers.id, set: fromExcluded(changed) })
      .prepare();
  });
  const driversOf = preparedOnce(() =>
    db
      .select()
      .from(ticketDrivers)
      .where(eq(ticketDrivers.ticketId, p('id')))
      .prepare(),
  );
  const timelineOf = <T extends typeof touches | typeof assignments | typeof statusChanges>(table: T) =>
    preparedOnce(() =>
      db
        .select()
        .from(table as typeof touches)
        .where(eq(table.ticketId, p('id')))
        .orderBy(asc(table.at), asc(table.id))
        .prepare(),
    );
  const touchesOf = timelineOf(touches);
  const assignmentsOf = timelineOf(assignments);
  const statusChangesOf = timelineOf(statusChanges);
  const clearTimeline = [touches, assignments, statusChanges].map((table) =>
    preparedOnce(() =>
      db
        .delete(table)
        .where(eq(table.ticketId, p('id')))
        .prepare(),
    ),
  );
  const clearAudits = preparedOnce(() =>
    db
      .delete(ticketAudits)
      .where(eq(ticketAudits.ticketId, p('id')))
      .prepare(),
  );
  const auditsOf = preparedOnce(() =>
    db
      .select()
      .from(ticketAudits)
      .where(eq(ticketAudits.ticketId, p('id')))
      .orderBy(asc(ticketAudits.createdAt), asc(ticketAudits.id))
      .prepare(),
  );
  const recomputed = preparedOnce(() =>
    db
      .update(tickets)
      .set({ needsRecompute: false })
      .where(eq(tickets.id, p('id')))
      .prepare(),
  );
  return {
    async upsertTicket(ticket, syncedAt) {
      (syncedAt ? upsertSyncedTicket : upsertBackfilledTicket)().run(
        ticketToRow(ticket, syncedAt) as unknown as Record<string, unknown>,
      );
    },

    async getTicket(ticketId) {
      const row = ticketById().get({ id: ticketId });
      return row ? rowToTicket(row) : null;
    },

    async upsertCustomer(customer, now) {
      upsertCustomer().run({ ...customer, updatedAt: now.getTime() });
    },

    async getCustomer(customerId) {
      const row = customerById().get({ id: customerId });
      return row ? rowToCustomer(row) : null;
    },

    async replaceAudits(ticketId, audits) {
      db.transaction((tx) => {
        clearAudits().run({ id: ticketId });
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
      return auditsOf().all({ id: ticketId }).map(rowToAudit);
    },

    async listRequesterTicketTimes(requesterId, exceptTicketId) {
      return db
        .select({ createdAt: tickets.createdAt })
        .from(tickets)
        .where(and(eq(tickets.requesterId, requesterId), ne(tickets.id, exceptTicketId)))
        .all()
        .map((r) => new Date(r.createdAt));
    },

    async saveEffort(ticketId, timeline, drivers, score, now) {
      const rows = timelineToRows(timeline);
      const driverRow = {
        ticketId,
        ...drivers,
        effortIndex: score.index,
        effortLevel: score.level,
        contributions: score.contributions,
        computedAt: now.getTime(),
      };
      db.transaction((tx) => {
        for (const clear of clearTimeline) clear().run({ id: ticketId });
        for (const part of chunks(rows.touches)) tx.insert(touches).values(part).run();
        for (const part of chunks(rows.assignments)) tx.insert(assignments).values(part).run();
        for (const part of chunks(rows.statusChanges)) tx.insert(statusChanges).values(part).run();
        const { ticketId: _id, ...changes } = driverRow;
        tx.insert(ticketDrivers)
          .values(driverRow)
          .onConflictDoUpdate({ target: ticketDrivers.ticketId, set: changes })
          .run();
        recomputed().run({ id: ticketId });
      });
    },

    async getEffort(ticketId) {
      const ticketRow = ticketById().get({ id: ticketId });
      const driverRow = driversOf().get({ id: ticketId });
      if (!ticketRow || !driverRow) return null;
      const ticket = rowToTicket(ticketRow);
      const timeline = rowsToTimeline(ticket, {
        touches: touchesOf().all({ id: ticketId }),
        assignments: assignmentsOf().all({ id: ticketId }) as never,
        statusChanges: statusChangesOf().all({ id: ticketId }) as never,
      });
      const { effortIndex, effortLevel, contributions, computedAt, ticketId: _t, ...drivers } = driverRow;
      return {
        ticket,
        drivers,
        score: {
          index: effortIndex,
          level: effortLevel as EffortLevel,
          contributions: contributions as DriverContribution[],
        },
        computedAt: new Date(computedAt),
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

    async setEffortStateKey(ticketId, stateKey) {
      db.update(tickets).set({ effortStateKey: stateKey }).where(eq(tickets.id, ticketId)).run();
    },
  };
}
