import { and, asc, eq, inArray, lte, notInArray, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { PgUnitOfWork } from './unit-of-work.js';

/** The columns a leased work queue needs; both the inbox and the outbox have them. */
export interface LeaseQueueColumns {
  id: PgColumn;
  status: PgColumn;
  nextAttemptAt: PgColumn;
  leaseUntil: PgColumn;
  attempts: PgColumn;
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

/**
 * Work of one ordering key (one ticket) runs one row at a time, across every process on the
 * database. `clear` says that no other row of the row's key is ahead of it or running.
 */
export interface OrderingKey {
  column: PgColumn;
  clear: SQL;
}

/**
 * Advisory locks of ordering keys use the two-int form with this first half, a key space of
 * its own (the migration lock takes the one-bigint form, which never overlaps it).
 */
export const ORDERING_KEY_LOCK_SPACE = 16_016;

/**
 * How many rows one claim steps over before it gives up until the next poll. A row is stepped
 * over when another claimer is leasing a row of its key at that moment (or two keys share a
 * hash), so there are about as many as claimers running at once: this is only a bound.
 */
const KEYED_CANDIDATES = 32;

/**
 * Leases the oldest due row: `ready` rows whose time has come, and `leased` rows whose lease
 * ran out because the process holding them died (looked for first: they are the oldest, and
 * few). `only` narrows which rows may be claimed; `returning` picks the columns returned.
 *
 * Several processes claim at once, so the database decides: the row is picked with
 * `FOR UPDATE SKIP LOCKED`, so two claimers never take the same row and neither waits for
 * the other. With an `orderingKey` that is not enough: two claimers could take two different
 * rows of one key, each statement seeing the other's row as it was before the other's claim
 * committed. So a keyed claim runs in a transaction that picks a candidate, takes its key's
 * advisory lock (skipping the row when another claimer holds it), and only then, in a new
 * statement that sees every claim committed before the lock was granted, checks the key is
 * still clear and leases the row. Every move to `leased` happens under that lock after that
 * check, so a key never has two rows leased at once. (A new statement sees what committed
 * before it began under READ COMMITTED, PostgreSQL's default isolation: the database must
 * not set `default_transaction_isolation` higher.)
 */
export function leaseQueue<Row>(
  unit: PgUnitOfWork,
  table: PgTable,
  columns: LeaseQueueColumns,
  statuses: LeaseQueueStatuses,
  options: { only?: SQL; returning?: Record<string, PgColumn | SQL.Aliased | SQL>; orderingKey?: OrderingKey } = {},
): { claim(now: Date, leaseMs: number): Promise<ClaimedRow<Row> | null> } {
  const { only, orderingKey } = options;
  type Pick = { where: SQL; order: PgColumn };
  const pick = (status: string, time: PgColumn, now: number): Pick => ({
    where: and(eq(columns.status, status), lte(time, now), only, orderingKey?.clear) as SQL,
    order: time,
  });
  const lease = (until: number, where: SQL) =>
    unit.db
      .update(table)
      // Both queue tables name these properties alike (status, leaseUntil, attempts).
      .set({ status: statuses.leased, leaseUntil: until, attempts: sql`${columns.attempts} + 1` } as never)
      .where(where)
      .returning(options.returning as never) as unknown as Promise<Row[]>;
  const oldest = (from: Pick, fields: Record<string, PgColumn>, passed: number[] = []) =>
    unit.db
      .select(fields)
      .from(table)
      .where(passed.length ? and(from.where, notInArray(columns.id, passed)) : from.where)
      .orderBy(asc(from.order), asc(columns.id))
      .limit(1)
      .for('update', { skipLocked: true });

  const claimUnkeyed = async (from: Pick, until: number): Promise<Row | null> => {
    const [row] = await lease(until, sql`${columns.id} = (${oldest(from, { id: columns.id })})`);
    return row ?? null;
  };
  const claimKeyed = async ({ column, clear }: OrderingKey, from: Pick, until: number): Promise<Row | null> => {
    const passed: number[] = [];
    while (passed.length < KEYED_CANDIDATES) {
      // The oldest row, and its key's transaction-level advisory lock if no one holds it, in one
      // round trip: the lock is taken for that one row only, after the LIMIT picked it.
      const result = await unit.db.execute<{ id: number; locked: boolean }>(
        sql`WITH candidate AS (${oldest(from, { id: columns.id, key: column }, passed)})
          SELECT id, (${sql.identifier(column.name)} IS NULL
            OR pg_try_advisory_xact_lock(${ORDERING_KEY_LOCK_SPACE}, hashtext(${sql.identifier(column.name)}))) AS locked
          FROM candidate`,
      );
      const [candidate] = result.rows;
      if (!candidate) return null;
      if (candidate.locked) {
        const [row] = await lease(until, and(eq(columns.id, candidate.id), clear) as SQL);
        if (row) return row;
      }
      passed.push(candidate.id);
    }
    return null;
  };
  const claimOne = (from: Pick, until: number) =>
    orderingKey ? claimKeyed(orderingKey, from, until) : claimUnkeyed(from, until);
  const claim = async (now: Date, leaseMs: number): Promise<ClaimedRow<Row> | null> => {
    const at = now.getTime();
    const until = at + leaseMs;
    const taken = await claimOne(pick(statuses.leased, columns.leaseUntil, at), until);
    if (taken) return { row: taken, wasAbandoned: true };
    const row = await claimOne(pick(statuses.ready, columns.nextAttemptAt, at), until);
    return row ? { row, wasAbandoned: false } : null;
  };
  // A keyed claim holds its row and key locks until its transaction ends: one for both looks.
  return { claim: orderingKey ? (now, leaseMs) => unit.atomically(() => claim(now, leaseMs)) : claim };
}

/** Extends the lease of a row still being worked on; false when it is no longer leased (taken over). */
export function leaseRenewal(
  unit: PgUnitOfWork,
  table: PgTable,
  columns: LeaseQueueColumns,
  leased: string,
): (id: number, until: Date) => Promise<boolean> {
  return async (id, until) => {
    const renewed = await unit.db
      .update(table)
      .set({ leaseUntil: until.getTime() } as never)
      .where(and(eq(columns.id, id), eq(columns.status, leased)))
      .returning({ id: columns.id });
    return renewed.length > 0;
  };
}

/** Rows per status; only those in `only` when given (a range of the status index each). */
export async function countByStatus(
  unit: PgUnitOfWork,
  table: PgTable,
  status: PgColumn,
  only?: string[],
): Promise<Record<string, number>> {
  const rows = await unit.db
    .select({ status, n: sql<number>`count(*)` })
    .from(table)
    .where(only ? inArray(status, only) : undefined)
    .groupBy(status);
  return Object.fromEntries(rows.map((r) => [r.status as string, r.n]));
}

/** Dead letters due again at once, with a fresh retry budget; `all` or one id. Returns how many. */
export async function replayDeadRows(
  unit: PgUnitOfWork,
  table: PgTable,
  columns: LeaseQueueColumns,
  statuses: { ready: string; dead: string },
  which: number | 'all',
  now: Date,
  /** Columns that table keeps besides the common ones (the outbox's updatedAt). */
  extra: Record<string, unknown> = {},
): Promise<number> {
  const dead = eq(columns.status, statuses.dead);
  const replayed = await unit.db
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
    .returning({ id: columns.id });
  return replayed.length;
}

/**
 * Deletes at most `limit` rows matching `expired`, in one statement: a batch keeps each turn
 * short, so retention never holds up the workers or the webhooks.
 */
export async function deleteOldRows(
  unit: PgUnitOfWork,
  table: PgTable,
  id: PgColumn,
  expired: SQL,
  limit: number,
): Promise<number> {
  const batch = unit.db.select({ id }).from(table).where(expired).limit(limit);
  const deleted = await unit.db.delete(table).where(inArray(id, batch)).returning({ id });
  return deleted.length;
}
