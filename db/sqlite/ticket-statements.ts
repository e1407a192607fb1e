import { and, asc, eq, getTableColumns, ne, sql } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { SqliteDb } from '../connection.js';
import { assignments, customers, statusChanges, ticketAudits, ticketDrivers, tickets, touches } from '../schema.js';
import { neededUnlessAuditCount } from '../ticket-rows.js';
import { preparedByShape, preparedOnce } from './prepared.js';

const p = (name: string) => sql.placeholder(name);

/** `{ key: excluded.column }` for an upsert's update: the conflicting row takes the new values. */
function fromExcluded(table: SQLiteTable, keys: string[]) {
  const columns: Record<string, SQLiteColumn> = getTableColumns(table);
  return Object.fromEntries(keys.map((key) => [key, sql.raw(`excluded."${(columns[key] as SQLiteColumn).name}"`)]));
}

/**
 * The ticket store's statements on the path of every synced case, each prepared once
 * (preparedOnce) or once per row shape (preparedByShape): drizzle built and better-sqlite3
 * compiled them again on every call, 9 % of the drain's CPU for `prepare` alone and as much
 * again for drizzle's query building. Timeline rows and audits go in one prepared single-row
 * insert each, inside the caller's transaction, instead of a multi-row insert built per call.
 */
export function ticketStatements(db: SqliteDb) {
  const touchesOf = preparedOnce(() =>
    db
      .select()
      .from(touches)
      .where(eq(touches.ticketId, p('id')))
      .orderBy(asc(touches.at), asc(touches.id))
      .prepare(),
  );
  const assignmentsOf = preparedOnce(() =>
    db
      .select()
      .from(assignments)
      .where(eq(assignments.ticketId, p('id')))
      .orderBy(asc(assignments.at), asc(assignments.id))
      .prepare(),
  );
  const statusChangesOf = preparedOnce(() =>
    db
      .select()
      .from(statusChanges)
      .where(eq(statusChanges.ticketId, p('id')))
      .orderBy(asc(statusChanges.at), asc(statusChanges.id))
      .prepare(),
  );
  const deleteByTicket = (table: typeof touches | typeof assignments | typeof statusChanges | typeof ticketAudits) =>
    preparedOnce(() =>
      db
        .delete(table)
        .where(eq(table.ticketId, p('id')))
        .prepare(),
    );
  const insertRow = (table: typeof touches | typeof assignments | typeof statusChanges | typeof ticketAudits) =>
    preparedByShape((row) =>
      db
        .insert(table)
        .values(row as never)
        .prepare(),
    );
  /** Insert, or on a conflict of the key take every column the row carries (one statement per row shape). */
  const upsertByKey = <T extends typeof customers | typeof ticketDrivers>(
    table: T,
    key: keyof T['$inferSelect'] & string,
  ) =>
    preparedByShape((row) =>
      db
        .insert(table)
        .values(row as never)
        .onConflictDoUpdate({
          target: (getTableColumns(table) as Record<string, SQLiteColumn>)[key] as SQLiteColumn,
          set: fromExcluded(
            table,
            Object.keys(row).filter((column) => column !== key),
          ) as never,
        })
        .prepare(),
    );
  const upsertTicket = (keepSyncedAt: boolean) =>
    preparedByShape((row) => {
      const changed = Object.keys(row).filter((key) => key !== 'id' && !(keepSyncedAt && key === 'syncedAt'));
      return db
        .insert(tickets)
        .values({
          ...(row as typeof tickets.$inferInsert),
          // Audits may have arrived before the ticket (backfill pages); score them once it exists.
          needsRecompute: sql`exists (select 1 from ${ticketAudits} where ${ticketAudits.ticketId} = ${p('id')})`,
        })
        .onConflictDoUpdate({ target: tickets.id, set: fromExcluded(tickets, changed) })
        .prepare();
    });
  return {
    ticketById: preparedOnce(() =>
      db
        .select()
        .from(tickets)
        .where(eq(tickets.id, p('id')))
        .prepare(),
    ),
    // A backfilled copy (syncedAt null) must not erase when the live sync last read the ticket.
    upsertSyncedTicket: upsertTicket(false),
    upsertBackfilledTicket: upsertTicket(true),
    customerById: preparedOnce(() =>
      db
        .select()
        .from(customers)
        .where(eq(customers.id, p('id')))
        .prepare(),
    ),
    upsertCustomer: upsertByKey(customers, 'id'),
    auditsOf: preparedOnce(() =>
      db
        .select()
        .from(ticketAudits)
        .where(eq(ticketAudits.ticketId, p('id')))
        .orderBy(asc(ticketAudits.createdAt), asc(ticketAudits.id))
        .prepare(),
    ),
    deleteAudits: deleteByTicket(ticketAudits),
    insertAudit: insertRow(ticketAudits),
    requesterTickets: preparedOnce(() =>
      db
        .select({ createdAt: tickets.createdAt, formId: tickets.formId, tags: tickets.tags })
        .from(tickets)
        .where(and(eq(tickets.requesterId, p('requesterId')), ne(tickets.id, p('exceptId'))))
        .prepare(),
    ),
    driversOf: preparedOnce(() =>
      db
        .select()
        .from(ticketDrivers)
        .where(eq(ticketDrivers.ticketId, p('id')))
        .prepare(),
    ),
    upsertDrivers: upsertByKey(ticketDrivers, 'ticketId'),
    /** saveEffort's flag without `auditCount`: scored, nothing left to recompute. */
    clearNeedsRecompute: preparedOnce(() =>
      db
        .update(tickets)
        .set({ needsRecompute: false })
        .where(eq(tickets.id, p('id')))
        .prepare(),
    ),
    /** With `auditCount`: left set when the ticket has other audits by now (db/ticket-rows.ts). */
    clearNeedsRecomputeUnlessAudited: preparedOnce(() =>
      db
        .update(tickets)
        .set({ needsRecompute: neededUnlessAuditCount(p('id'), p('auditCount')) })
        .where(eq(tickets.id, p('id')))
        .prepare(),
    ),
    setEffortStateKey: preparedOnce(() =>
      db
        .update(tickets)
        .set({ effortStateKey: sql`${p('stateKey')}` })
        .where(eq(tickets.id, p('id')))
        .prepare(),
    ),
    timeline: {
      touches: { of: touchesOf, clear: deleteByTicket(touches), insert: insertRow(touches) },
      assignments: { of: assignmentsOf, clear: deleteByTicket(assignments), insert: insertRow(assignments) },
      statusChanges: {
        of: statusChangesOf,
        clear: deleteByTicket(statusChanges),
        insert: insertRow(statusChanges),
      },
    },
  };
}
