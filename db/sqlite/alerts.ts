import { and, asc, desc, eq, max, sql } from 'drizzle-orm';
import type { AlertStore } from '../../src/ports/alert-store.js';
import type { SqliteDb } from '../connection.js';
import { toColumns, toRecord } from '../alert-rows.js';
import { hasErrorCode } from '../error-code.js';
import { alerts } from '../schema-alerts.js';

/** better-sqlite3's code for a unique index violation, possibly wrapped by drizzle. */
const isUniqueViolation = (error: unknown) => hasErrorCode(error, 'SQLITE_CONSTRAINT_UNIQUE');

/** Not resolved: open or acknowledged. Spelled as in the partial index so SQLite can use it. */
const active = sql`${alerts.status} != 'resolved'`;

export function createAlertStore(db: SqliteDb): AlertStore {
  return {
    async create(alert, now) {
      const ms = now.getTime();
      try {
        const row = db
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
          .returning()
          .get();
        return toRecord(row);
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        throw new Error(`an open or acknowledged ${alert.kind} alert for "${alert.subject}" already exists`, {
          cause: error,
        });
      }
    },

    async getById(id) {
      const row = db.select().from(alerts).where(eq(alerts.id, id)).get();
      return row ? toRecord(row) : null;
    },

    async findActive(kind, subject) {
      const row = db
        .select()
        .from(alerts)
        .where(and(eq(alerts.kind, kind), eq(alerts.subject, subject), active))
        .get();
      return row ? toRecord(row) : null;
    },

    async listActive(kind) {
      return db
        .select()
        .from(alerts)
        .where(and(eq(alerts.kind, kind), active))
        .orderBy(asc(alerts.openedAt), asc(alerts.id))
        .all()
        .map(toRecord);
    },

    async lastResolvedAt(kind, subject) {
      const row = db
        .select({ at: max(alerts.resolvedAt) })
        .from(alerts)
        .where(and(eq(alerts.kind, kind), eq(alerts.subject, subject)))
        .get();
      return row?.at == null ? null : new Date(row.at);
    },

    async update(id, patch, now) {
      try {
        const row = db
          .update(alerts)
          .set({ ...toColumns(patch), updatedAt: now.getTime() })
          .where(eq(alerts.id, id))
          .returning()
          .get();
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
      return db.select().from(alerts).orderBy(desc(alerts.openedAt), desc(alerts.id)).limit(limit).all().map(toRecord);
    },
  };
}
