import { and, asc, desc, eq, max, sql } from 'drizzle-orm';
import type { AlertStore } from '../../src/ports/alert-store.js';
import { type Row, toColumns, toRecord } from '../alert-rows.js';
import { hasErrorCode } from '../error-code.js';
import { alerts } from './schema-alerts.js';
import type { PgDb } from './connection.js';
import type { PgUnitOfWork } from './unit-of-work.js';

/** PostgreSQL's unique_violation, possibly wrapped by drizzle. */
const isUniqueViolation = (error: unknown) => hasErrorCode(error, '23505');

/** Not resolved: open or acknowledged. Spelled as in the partial index so the planner uses it. */
const active = sql`${alerts.status} != 'resolved'`;

/**
 * AlertStore on PostgreSQL, as db/sqlite/alerts.ts. The partial unique index
 * alerts_active_subject keeps one active alert per (kind, subject) even when two instances
 * open it at once: the second insert waits for the first to commit, then fails here.
 */
export function createAlertStore(unit: PgUnitOfWork): AlertStore {
  // A failed statement aborts the whole transaction on PostgreSQL; inside one, writes that may
  // hit the unique index run in a savepoint, so the caller can catch the error and go on (as on SQLite).
  const guarded = <T>(write: (db: PgDb) => Promise<T>): Promise<T> =>
    unit.inTransaction() ? unit.db.transaction((savepoint) => write(savepoint as unknown as PgDb)) : write(unit.db);
  return {
    async create(alert, now) {
      const ms = now.getTime();
      try {
        const [row] = await guarded((db) =>
          db
            .insert(alerts)
            .values({
              kind: alert.kind,
              subject: alert.subject,
              ticketId: alert.ticketId,
              status: 'open',
              metrics: alert.metrics,
              view: alert.view,
              openedAt: ms,
              lastNotifiedAt: ms,
              createdAt: ms,
              updatedAt: ms,
            })
            .returning(),
        );
        return toRecord(row as Row);
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        throw new Error(`an open or acknowledged ${alert.kind} alert for "${alert.subject}" already exists`, {
          cause: error,
        });
      }
    },

    async getById(id) {
      const [row] = await unit.db.select().from(alerts).where(eq(alerts.id, id));
      return row ? toRecord(row) : null;
    },

    async findActive(kind, subject) {
      const [row] = await unit.db
        .select()
        .from(alerts)
        .where(and(eq(alerts.kind, kind), eq(alerts.subject, subject), active));
      return row ? toRecord(row) : null;
    },

    async listActive(kind) {
      const rows = await unit.db
        .select()
        .from(alerts)
        .where(and(eq(alerts.kind, kind), active))
        .orderBy(asc(alerts.openedAt), asc(alerts.id));
      return rows.map(toRecord);
    },

    async lastResolvedAt(kind, subject) {
      const [row] = await unit.db
        .select({ at: max(alerts.resolvedAt) })
        .from(alerts)
        .where(and(eq(alerts.kind, kind), eq(alerts.subject, subject)));
      return row?.at == null ? null : new Date(Number(row.at));
    },

    async update(id, patch, now) {
      try {
        const [row] = await guarded((db) =>
          db
            .update(alerts)
            .set({ ...toColumns(patch), updatedAt: now.getTime() })
            .where(eq(alerts.id, id))
            .returning(),
        );
        if (!row) throw new Error(`alert ${id} not found`);
        return toRecord(row);
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        throw new Error(
          `alert ${id} cannot become active again: another alert for its subject is open or acknowledged`,
          { cause: error },
        );
      }
    },

    async listRecent(limit) {
      const rows = await unit.db.select().from(alerts).orderBy(desc(alerts.openedAt), desc(alerts.id)).limit(limit);
      return rows.map(toRecord);
    },
  };
}
