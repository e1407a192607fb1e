import { and, asc, eq, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { SqliteDb } from '../connection.js';
import { preparedOnce } from './prepared.js';

/** The columns a leased work queue needs; both the inbox and the outbox have them. */
export interface LeaseQueueColumns {
  id: SQLiteColumn;
  status: SQLiteColumn;
  nextAttemptAt: SQLiteColumn;
  leaseUntil: SQLiteColumn;
  attempts: SQLiteColumn;
}

export interface LeaseQueueStatuses {
  ready: string;
  leased: string;
}

export interface ClaimedRow<Row> {
  row: Row;
  /** The lease of an earlier claim ran out: the process holding it died mid-work. */
  wasAbandoned: boolean;
}

export interface LeaseQueue<Row> {
  /** Leases the oldest due row and returns it as it is after the claim; null when none is due. */
  claim(now: Date, leaseMs: number): ClaimedRow<Row> | null;
}

/**
 * Leases the oldest due row: `ready` rows whose time has come, and `leased` rows whose lease
 * ran out because the process holding them died. `only` narrows which rows may be claimed
 * (one kind of message; no row of the same ticket ahead of it); `returning` picks the columns
 * returned (every column when absent).
 *
 * Each claim is one prepared `UPDATE … WHERE id = (SELECT id … ORDER BY time, id LIMIT 1)
 * RETURNING *`: atomic on its own, so two workers never claim the same row, and the select
 * has one condition per status, which walks the (status, time) index in order and stops at
 * the first row that qualifies, however long the queue (the OR of both statuses read and
 * sorted every due row). In PostgreSQL the same statement takes `FOR UPDATE SKIP LOCKED`
 * in the subquery. Abandoned work is looked for first: it is the oldest, and there is
 * little of it (at most one row per worker loop that died).
 */
export function leaseQueue<Row>(
  db: SqliteDb,
  table: SQLiteTable,
  columns: LeaseQueueColumns,
  statuses: LeaseQueueStatuses,
  options: { only?: SQL; returning?: Record<string, SQLiteColumn | SQL.Aliased | SQL> } = {},
): LeaseQueue<Row> {
  const { only } = options;
  const claimWhere = (condition: SQL, order: SQLiteColumn) =>
    preparedOnce(() => {
      const oldest = db
        .select({ id: columns.id })
        .from(table)
        .where(only ? and(condition, only) : condition)
        .orderBy(asc(order), asc(columns.id))
        .limit(1);
      return (
        db
          .update(table)
          // Both queue tables name these properties alike (status, leaseUntil, attempts).
          .set({
            status: statuses.leased,
            leaseUntil: sql`${sql.placeholder('until')}`,
            attempts: sql`${columns.attempts} + 1`,
          } as never)
          .where(sql`${columns.id} = (${oldest})`)
          .returning(options.returning as never)
          .prepare()
      );
    });
  const abandoned = claimWhere(
    and(eq(columns.status, statuses.leased), lte(columns.leaseUntil, sql.placeholder('now'))) as SQL,
    columns.leaseUntil,
  );
  const due = claimWhere(
    and(eq(columns.status, statuses.ready), lte(columns.nextAttemptAt, sql.placeholder('now'))) as SQL,
    columns.nextAttemptAt,
  );
  return {
    claim(now, leaseMs) {
      const values = { now: now.getTime(), until: now.getTime() + leaseMs };
      const taken = abandoned().get(values) as Row | undefined;
      if (taken) return { row: taken, wasAbandoned: true };
      const row = due().get(values) as Row | undefined;
      return row ? { row, wasAbandoned: false } : null;
    },
  };
}

/** Extends the lease of a row still being worked on; false when it is no longer leased (taken over). */
export function leaseRenewal(
  db: SqliteDb,
  table: SQLiteTable,
  columns: LeaseQueueColumns,
  leased: string,
): (id: number, until: Date) => boolean {
  const renew = preparedOnce(() =>
    db
      .update(table)
      .set({ leaseUntil: sql`${sql.placeholder('until')}` } as never)
      .where(and(eq(columns.id, sql.placeholder('id')), eq(columns.status, leased)))
      .prepare(),
  );
  return (id, until) => renew().run({ id, until: until.getTime() }).changes > 0;
}

/** Rows per status; only those in `only` when given (a range of the status index each). */
export async function countByStatus(
  db: SqliteDb,
  table: SQLiteTable,
  status: SQLiteColumn,
  only?: string[],
): Promise<Record<string, number>> {
  const rows = db
    .select({ status, n: sql<number>`count(*)` })
    .from(table)
    .where(only ? inArray(status, only) : undefined)
    .groupBy(status)
    .all() as Array<{
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
    // Both queue tables name these properties alike (see leaseQueue).
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

/**
 * Deletes at most `limit` rows matching `expired`, in one statement: a batch keeps each turn
 * on the connection short, so retention never holds up the workers or the webhooks.
 */
export function deleteOldRows(db: SqliteDb, table: SQLiteTable, id: SQLiteColumn, expired: SQL, limit: number): number {
  return db.run(sql`DELETE FROM ${table} WHERE ${id} IN (SELECT ${id} FROM ${table} WHERE ${expired} LIMIT ${limit})`)
    .changes;
}
