import { and, asc, eq, lte, sql, type SQL } from 'drizzle-orm';
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

export interface ClaimedRow {
  id: number;
  /** The lease of an earlier claim ran out: the process holding it died mid-work. */
  wasAbandoned: boolean;
}

/**
 * Leases the oldest due row: `ready` rows whose time has come, and `leased` rows whose lease
 * ran out because the process holding them died. `only` narrows which rows may be claimed
 * (one kind of message; no row of the same ticket ahead of it). The select and the update
 * run in one transaction, so two workers never claim the same row; in PostgreSQL the same
 * claim is a `SELECT … FOR UPDATE SKIP LOCKED`.
 */
export function claimDueRow(
  db: SqliteDb,
  table: SQLiteTable,
  columns: LeaseQueueColumns,
  statuses: { ready: string; leased: string },
  now: Date,
  leaseMs: number,
  only?: SQL,
): ClaimedRow | null {
  const nowMs = now.getTime();
  return db.transaction((tx) => {
    // Two single-condition selects instead of one OR: each walks the (status, time) index in
    // order and stops at the first row, where the OR read and sorted every due row (12 ms at
    // 10,000 due). Abandoned work first: it is the oldest, and there is little of it.
    const first = (condition: SQL | undefined, order: SQLiteColumn) =>
      tx
        .select({ id: columns.id, status: columns.status })
        .from(table)
        .where(only ? and(condition, only) : condition)
        .orderBy(asc(order), asc(columns.id))
        .limit(1)
        .get() as { id: number; status: string } | undefined;
    const row =
      first(and(eq(columns.status, statuses.leased), lte(columns.leaseUntil, nowMs)), columns.leaseUntil) ??
      first(and(eq(columns.status, statuses.ready), lte(columns.nextAttemptAt, nowMs)), columns.nextAttemptAt);
    if (!row) return null;
    tx.update(table)
      // Both queue tables name these properties alike (status, leaseUntil, attempts).
      .set({ status: statuses.leased, leaseUntil: nowMs + leaseMs, attempts: sql`${columns.attempts} + 1` } as never)
      .where(eq(columns.id, row.id))
      .run();
    return { id: row.id, wasAbandoned: row.status === statuses.leased };
  });
}

/** Extends the lease of a row still being worked on; false when it is no longer leased (taken over). */
export function renewLease(
  db: SqliteDb,
  table: SQLiteTable,
  columns: LeaseQueueColumns,
  leased: string,
  id: number,
  until: Date,
): boolean {
  const result = db
    .update(table)
    .set({ leaseUntil: until.getTime() } as never)
    .where(and(eq(columns.id, id), eq(columns.status, leased)))
    .run();
  return result.changes > 0;
}

export async function countByStatus(
  db: SqliteDb,
  table: SQLiteTable,
  status: SQLiteColumn,
): Promise<Record<string, number>> {
  const rows = db.select({ status, n: sql<number>`count(*)` }).from(table).groupBy(status).all() as Array<{
    status: string;
    n: number;
  }>;
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/** Dead letters due again at once, with a fresh retry budget; `all` or one id. Returns how many. */
export function replayDeadRows(
  db: SqliteDb,
  table: SQLiteTable,
  columns: LeaseQueueColumns,
  statuses: { ready: string; dead: string },
  which: number | 'all',
  now: Date,
  /** Columns that table keeps besides the common ones (the outbox's updatedAt). */
  extra: Record<string, unknown> = {},
): number {
  const dead = eq(columns.status, statuses.dead);
  const result = db
    .update(table)
    // Both queue tables name these properties alike (see claimDueRow).
    .set({
      status: statuses.ready,
      nextAttemptAt: now.getTime(),
      retryFrom: now.getTime(),
      failures: 0,
      leaseUntil: null,
      ...extra,
    } as never)
    .where(which === 'all' ? dead : and(dead, eq(columns.id, which)))
    .run();
  return result.changes;
}
