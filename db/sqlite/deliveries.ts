import { and, desc, eq, sql } from 'drizzle-orm';
import type { DeliveryInbox, NewDelivery, StoredDelivery } from '../../src/ports/inbox.js';
import type { SqliteDb } from '../connection.js';
import { webhookDeliveries as t } from '../schema.js';
import { claimDueRow, countByStatus, renewLease, replayDeadRows } from './lease-queue.js';

const STATUSES = { ready: 'pending', leased: 'processing' } as const;

/** No delivery with the same key is ahead of this one, waiting or running. */
const nothingAheadOfItsTicket = sql`(${t.orderingKey} IS NULL OR NOT EXISTS (
  SELECT 1 FROM ${t} AS ahead
  WHERE ahead.ordering_key = ${t.orderingKey} AND ahead.id < ${t.id} AND ahead.status IN ('pending', 'processing')))`;

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
          orderingKey: delivery.orderingKey ?? null,
          retryFrom: delivery.receivedAt.getTime(),
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
      const claimed = claimDueRow(db, t, t, STATUSES, now, leaseMs, nothingAheadOfItsTicket);
      if (claimed === null) return null;
      const row = db.select().from(t).where(eq(t.id, claimed.id)).get();
      if (!row) return null;
      const stored: StoredDelivery = {
        id: row.id,
        provider: row.provider,
        deliveryId: row.deliveryId,
        eventType: row.eventType,
        rawBody: row.rawBody,
        receivedAt: new Date(row.receivedAt),
        orderingKey: row.orderingKey,
        attempts: row.attempts,
        failures: row.failures,
        retryFrom: new Date(row.retryFrom ?? row.receivedAt),
      };
      return stored;
    },

    async markDone(id, outcome, now) {
      db.update(t)
        .set({ status: outcome, processedAt: now.getTime(), leaseUntil: null, lastError: null })
        .where(eq(t.id, id))
        .run();
    },

    async markFailed(id, error, retryAt, options = {}) {
      const failures = options.countsAsFailure === false ? t.failures : sql`${t.failures} + 1`;
      db.update(t)
        .set(
          retryAt
            ? { status: 'pending', nextAttemptAt: retryAt.getTime(), leaseUntil: null, lastError: error, failures }
            : { status: 'dead', leaseUntil: null, lastError: error, failures },
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
        queue: 'inbox' as const,
        id: row.id,
        kind: row.provider,
        ticketId: row.orderingKey?.startsWith('ticket:') ? Number(row.orderingKey.slice('ticket:'.length)) : null,
        reason: row.lastError,
        attempts: row.attempts,
        failures: row.failures,
        queuedAt: new Date(row.receivedAt),
      }));
    },

    async retryDead(which, now) {
      return replayDeadRows(db, t, t, { ready: 'pending', dead: 'dead' }, which, now);
    },

    countByStatus: () => countByStatus(db, t, t.status),
  };
}
