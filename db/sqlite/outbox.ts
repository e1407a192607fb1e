import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Outbox } from '../../src/ports/outbox.js';
import type { SqliteDb } from '../connection.js';
import { decodeOutboxRow } from '../outbox-payloads.js';
import { outbox as t } from '../schema.js';
import { claimDueRow, countByStatus, renewLease, replayDeadRows } from './lease-queue.js';

const STATUSES = { ready: 'pending', leased: 'sending' } as const;

export function createOutbox(db: SqliteDb): Outbox {
  return {
    async enqueue(message, now) {
      const inserted = db
        .insert(t)
        .values({
          kind: message.kind,
          dedupeKey: message.dedupeKey,
          ticketId: message.ticketId,
          payload: message.payload,
          nextAttemptAt: message.notBefore.getTime(),
          createdAt: now.getTime(),
          updatedAt: now.getTime(),
        })
        .onConflictDoNothing()
        .returning({ id: t.id })
        .get();
      if (inserted) return { id: inserted.id, duplicate: false };
      const existing = db.select({ id: t.id }).from(t).where(eq(t.dedupeKey, message.dedupeKey)).get();
      return { id: existing?.id ?? 0, duplicate: true };
    },

    async claimNext(now, leaseMs, kinds) {
      const only = kinds ? inArray(t.kind, kinds) : undefined;
      const claimed = claimDueRow(db, t, t, STATUSES, now, leaseMs, only);
      if (claimed === null) return null;
      // The payload is read as text, not through the column's JSON mode, so that a row
      // whose JSON is broken becomes an unreadable message instead of a thrown query.
      const row = db
        .select({
          id: t.id,
          kind: t.kind,
          dedupeKey: t.dedupeKey,
          ticketId: t.ticketId,
          attempts: t.attempts,
          failures: t.failures,
          retryFrom: sql<number>`coalesce(${t.retryFrom}, ${t.createdAt})`,
          outcomeUnknown: t.outcomeUnknown,
          payloadJson: sql<string>`cast(${t.payload} as text)`,
        })
        .from(t)
        .where(eq(t.id, claimed.id))
        .get();
      if (!row) return null;
      const { outcomeUnknown, retryFrom, ...rest } = row;
      // A send whose process died mid-way may have reached the provider, like one that timed out.
      return decodeOutboxRow({
        ...rest,
        retryFrom: new Date(retryFrom),
        previousOutcomeUnknown: outcomeUnknown || claimed.wasAbandoned,
      });
    },

    async markSent(id, providerId, now) {
      db.update(t)
        .set({
          status: 'sent',
          providerId,
          leaseUntil: null,
          lastError: null,
          outcomeUnknown: false,
          updatedAt: now.getTime(),
        })
        .where(eq(t.id, id))
        .run();
    },

    async markFailed(id, error, retryAt, now, options = {}) {
      const failures = options.countsAsFailure === false ? t.failures : sql`${t.failures} + 1`;
      const outcomeUnknown = options.outcomeUnknown ?? false;
      db.update(t)
        .set(
          retryAt
            ? {
                status: 'pending',
                nextAttemptAt: retryAt.getTime(),
                leaseUntil: null,
                lastError: error,
                failures,
                outcomeUnknown,
                updatedAt: now.getTime(),
              }
            : {
                status: 'dead',
                leaseUntil: null,
                lastError: error,
                failures,
                outcomeUnknown,
                updatedAt: now.getTime(),
              },
        )
        .where(eq(t.id, id))
        .run();
    },

    async renewLease(id, until) {
      return renewLease(db, t, t, STATUSES.leased, id, until);
    },

    async listDead(limit) {
      const rows = db.select().from(t).where(eq(t.status, 'dead')).orderBy(desc(t.id)).limit(limit).all();
      return rows.map((row) => ({
        queue: 'outbox' as const,
        id: row.id,
        kind: row.kind,
        ticketId: row.ticketId,
        reason: row.lastError,
        attempts: row.attempts,
        failures: row.failures,
        queuedAt: new Date(row.createdAt),
      }));
    },

    async retryDead(which, now) {
      return replayDeadRows(db, t, t, { ready: 'pending', dead: 'dead' }, which, now, { updatedAt: now.getTime() });
    },

    async cancel(dedupeKey, now) {
      // Only a message still waiting can be cancelled; one being sent right now finishes.
      const result = db
        .update(t)
        .set({ status: 'cancelled', updatedAt: now.getTime() })
        .where(and(eq(t.dedupeKey, dedupeKey), eq(t.status, 'pending')))
        .run();
      return result.changes > 0;
    },

    countByStatus: () => countByStatus(db, t, t.status),
  };
}
