import { and, desc, eq, sql } from 'drizzle-orm';
import type { DeliveryInbox, NewDelivery } from '../../src/ports/inbox.js';
import type { SqliteDb } from '../connection.js';
import { deadDelivery } from '../dead-letters.js';
import { finishedBefore, INBOX_FINISHED, INBOX_STATUSES, INBOX_UNFINISHED, toStoredDelivery } from '../queue-rows.js';
import { webhookDeliveries as t } from '../schema.js';
import { countByStatus, deleteOldRows, leaseQueue, leaseRenewal, replayDeadRows } from './lease-queue.js';
import { preparedOnce } from './prepared.js';

/** No delivery with the same key is ahead of this one, waiting or running. */
const nothingAheadOfItsTicket = sql`(${t.orderingKey} IS NULL OR NOT EXISTS (
  SELECT 1 FROM ${t} AS ahead
  WHERE ahead.ordering_key = ${t.orderingKey} AND ahead.id < ${t.id} AND ahead.status IN ('pending', 'processing')))`;

/** Stores one delivery, or finds the one already stored under its (provider, delivery id). */
export function deliveryAdder(db: SqliteDb): (delivery: NewDelivery) => { id: number; duplicate: boolean } {
  const p = (name: string) => sql.placeholder(name);
  const insert = preparedOnce(() =>
    db
      .insert(t)
      .values({
        provider: p('provider'),
        deliveryId: p('deliveryId'),
        eventType: p('eventType'),
        rawBody: p('rawBody'),
        receivedAt: p('receivedAt'),
        orderingKey: p('orderingKey'),
        retryFrom: p('receivedAt'),
        nextAttemptAt: p('nextAttemptAt'),
      })
      .onConflictDoNothing()
      .returning({ id: t.id })
      .prepare(),
  );
  const existing = preparedOnce(() =>
    db
      .select({ id: t.id })
      .from(t)
      .where(and(eq(t.provider, p('provider')), eq(t.deliveryId, p('deliveryId'))))
      .prepare(),
  );
  return (delivery) => {
    const inserted = insert().get({
      provider: delivery.provider,
      deliveryId: delivery.deliveryId,
      eventType: delivery.eventType,
      rawBody: delivery.rawBody,
      receivedAt: delivery.receivedAt.getTime(),
      orderingKey: delivery.orderingKey ?? null,
      nextAttemptAt: (delivery.notBefore ?? delivery.receivedAt).getTime(),
    });
    if (inserted) return { id: inserted.id, duplicate: false };
    const found = existing().get({ provider: delivery.provider, deliveryId: delivery.deliveryId });
    return { id: found?.id ?? 0, duplicate: true };
  };
}

export function createDeliveryInbox(db: SqliteDb): DeliveryInbox {
  const add = deliveryAdder(db);
  const queue = leaseQueue<typeof t.$inferSelect>(db, t, t, INBOX_STATUSES, { only: nothingAheadOfItsTicket });
  const renew = leaseRenewal(db, t, t, INBOX_STATUSES.leased);
  const markDone = preparedOnce(() =>
    db
      .update(t)
      .set({
        status: sql`${sql.placeholder('outcome')}`,
        processedAt: sql`${sql.placeholder('now')}`,
        leaseUntil: null,
        lastError: null,
      })
      .where(eq(t.id, sql.placeholder('id')))
      .prepare(),
  );
  return {
    async add(delivery: NewDelivery) {
      return add(delivery);
    },

    async claimNext(now, leaseMs) {
      const claimed = queue.claim(now, leaseMs);
      if (claimed === null) return null;
      return toStoredDelivery(claimed.row);
    },

    async markDone(id, outcome, now) {
      markDone().run({ id, outcome, now: now.getTime() });
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
      return renew(id, until);
    },

    async listDead(limit) {
      const rows = db.select().from(t).where(eq(t.status, 'dead')).orderBy(desc(t.id)).limit(limit).all();
      return rows.map(deadDelivery);
    },

    async retryDead(which, now) {
      return replayDeadRows(db, t, t, { ready: 'pending', dead: 'dead' }, which, now);
    },

    countByStatus: () => countByStatus(db, t, t.status),
    countUnfinished: () => countByStatus(db, t, t.status, INBOX_UNFINISHED),

    async deleteProcessedBefore(cutoff, limit) {
      return deleteOldRows(db, t, t.id, finishedBefore(t.status, INBOX_FINISHED, t.processedAt, cutoff), limit);
    },
  };
}
