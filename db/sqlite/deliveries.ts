import { and, eq } from 'drizzle-orm';
import type { DeliveryInbox, NewDelivery, StoredDelivery } from '../../src/ports/inbox.js';
import type { SqliteDb } from '../connection.js';
import { webhookDeliveries as t } from '../schema.js';
import { claimDueRow, countByStatus } from './lease-queue.js';

export function createDeliveryInbox(db: SqliteDb): DeliveryInbox {
  return {
    async add(delivery: NewDelivery) {
      const inserted = db
        .insert(t)
        .values({
          provider: delivery.provider,
          deliveryId: delivery.deliveryId,
          eventType: delivery.eventType,
          rawBody: delivery.rawBody,
          receivedAt: delivery.receivedAt.getTime(),
          nextAttemptAt: (delivery.notBefore ?? delivery.receivedAt).getTime(),
        })
        .onConflictDoNothing()
        .returning({ id: t.id })
        .get();
      if (inserted) return { id: inserted.id, duplicate: false };
      const existing = db
        .select({ id: t.id })
        .from(t)
        .where(and(eq(t.provider, delivery.provider), eq(t.deliveryId, delivery.deliveryId)))
        .get();
      return { id: existing?.id ?? 0, duplicate: true };
    },

    async claimNext(now, leaseMs) {
      const id = claimDueRow(db, t, t, { ready: 'pending', leased: 'processing' }, now, leaseMs);
      if (id === null) return null;
      const row = db.select().from(t).where(eq(t.id, id)).get();
      if (!row) return null;
      const stored: StoredDelivery = {
        id: row.id,
        provider: row.provider,
        deliveryId: row.deliveryId,
        eventType: row.eventType,
        rawBody: row.rawBody,
        receivedAt: new Date(row.receivedAt),
        attempts: row.attempts,
      };
      return stored;
    },

    async markDone(id, outcome, now) {
      db.update(t)
        .set({ status: outcome, processedAt: now.getTime(), leaseUntil: null, lastError: null })
        .where(eq(t.id, id))
        .run();
    },

    async markFailed(id, error, retryAt) {
      db.update(t)
        .set(
          retryAt
            ? { status: 'pending', nextAttemptAt: retryAt.getTime(), leaseUntil: null, lastError: error }
            : { status: 'failed', leaseUntil: null, lastError: error },
        )
        .where(eq(t.id, id))
        .run();
    },

    countByStatus: () => countByStatus(db, t, t.status),
  };
}
