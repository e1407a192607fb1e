import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Outbox } from '../../src/ports/outbox.js';
import type { SqliteDb } from '../connection.js';
import { decodeOutboxRow } from '../outbox-payloads.js';
import { outbox as t } from '../schema.js';
import { claimDueRow, countByStatus } from './lease-queue.js';

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
      const id = claimDueRow(db, t, t, { ready: 'pending', leased: 'sending' }, now, leaseMs, only);
      if (id === null) return null;
      // The payload is read as text, not through the column's JSON mode, so that a row
      // whose JSON is broken becomes an unreadable message instead of a thrown query.
      const row = db
        .select({ id: t.id, kind: t.kind, dedupeKey: t.dedupeKey, ticketId: t.ticketId, attempts: t.attempts, payloadJson: sql<string>`cast(${t.payload} as text)` })
        .from(t)
        .where(eq(t.id, id))
        .get();
      return row ? decodeOutboxRow(row) : null;
    },

    async markSent(id, providerId, now) {
      db.update(t)
        .set({ status: 'sent', providerId, leaseUntil: null, lastError: null, updatedAt: now.getTime() })
        .where(eq(t.id, id))
        .run();
    },

    async markFailed(id, error, retryAt, now) {
      db.update(t)
        .set(
          retryAt
            ? { status: 'pending', nextAttemptAt: retryAt.getTime(), leaseUntil: null, lastError: error, updatedAt: now.getTime() }
            : { status: 'dead', leaseUntil: null, lastError: error, updatedAt: now.getTime() },
        )
        .where(eq(t.id, id))
        .run();
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
