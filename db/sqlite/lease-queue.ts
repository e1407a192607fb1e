import { and, asc, eq, lte, or, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { SqliteDb } from '../connection.js';

/** The columns a leased work queue needs; both the inbox and the outbox have them. */
export interface LeaseQueueColumns {
  id: SQLiteColumn;
  status: SQLiteColumn;
  nextAttemptAt: SQLiteColumn;
  leaseUntil: SQLiteColumn;
  attempts: SQLiteColumn;
}

/**
 * Leases the oldest due row: `readyStatus` rows whose time has come, and `leasedStatus` rows
 * whose lease ran out because the process holding them died. Returns the claimed row id.
 */
export function claimDueRow(
  db: SqliteDb,
  table: SQLiteTable,
  columns: LeaseQueueColumns,
  statuses: { ready: string; leased: string },
  now: Date,
  leaseMs: number,
  /** Narrows which rows may be claimed (e.g. one kind of outbox message). */
  only?: SQL,
): number | null {
  const nowMs = now.getTime();
  return db.transaction((tx) => {
    const due: SQL | undefined = or(
      and(eq(columns.status, statuses.ready), lte(columns.nextAttemptAt, nowMs)),
      and(eq(columns.status, statuses.leased), lte(columns.leaseUntil, nowMs)),
    );
    const row = tx
      .select({ id: columns.id })
      .from(table)
      .where(only ? and(due, only) : due)
      .orderBy(asc(columns.nextAttemptAt), asc(columns.id))
      .limit(1)
      .get() as { id: number } | undefined;
    if (!row) return null;
    tx.update(table)
      // Both queue tables name these properties alike (status, leaseUntil, attempts).
      .set({ status: statuses.leased, leaseUntil: nowMs + leaseMs, attempts: sql`${columns.attempts} + 1` } as never)
      .where(eq(columns.id, row.id))
      .run();
    return row.id;
  });
}

export async function countByStatus(db: SqliteDb, table: SQLiteTable, status: SQLiteColumn): Promise<Record<string, number>> {
  const rows = db
    .select({ status, n: sql<number>`count(*)` })
    .from(table)
    .groupBy(status)
    .all() as Array<{ status: string; n: number }>;
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}
