import { and, desc, eq, sql } from 'drizzle-orm';
import type { DeliveryInbox, NewDelivery } from '../../src/ports/inbox.js';
import { deadDelivery } from '../dead-letters.js';
import { finishedBefore, INBOX_FINISHED, INBOX_STATUSES, INBOX_UNFINISHED, toStoredDelivery } from '../queue-rows.js';
import { webhookDeliveries as t } from './schema.js';
import { countByStatus, deleteOldRows, leaseQueue, leaseRenewal, replayDeadRows } from './lease-queue.js';
import type { PgUnitOfWork } from './unit-of-work.js';

/**
 * No other delivery of the same key is ahead of this one waiting or running, and none of
 * them is running at all. The second half never matters in SQLite, whose ids follow commit
 * order; here two webhooks of one ticket can commit out of id order, and the later id may
 * already run when the earlier one appears: the earlier one then waits its turn.
 */
const nothingAheadOfItsTicket = sql`(${t.orderingKey} IS NULL OR NOT EXISTS (
  SELECT 1 FROM ${t} AS ahead
  WHERE ahead.ordering_key = ${t.orderingKey} AND ahead.id <> ${t.id}
    AND (ahead.status = 'processing' OR (ahead.id < ${t.id} AND ahead.status = 'pending'))))`;

export function createDeliveryInbox(unit: PgUnitOfWork): DeliveryInbox {
  const queue = leaseQueue<typeof t.$inferSelect>(unit, t, t, INBOX_STATUSES, {
    orderingKey: { column: t.orderingKey, clear: nothingAheadOfItsTicket },
  });
  const renew = leaseRenewal(unit, t, t, INBOX_STATUSES.leased);
  return {
    async add(delivery: NewDelivery) {
      // Several instances may store the same retried webhook at once: the unique index decides.
      const [inserted] = await unit.db
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
        .returning({ id: t.id });
      if (inserted) return { id: inserted.id, duplicate: false };
      const [found] = await unit.db
        .select({ id: t.id })
        .from(t)
        .where(and(eq(t.provider, delivery.provider), eq(t.deliveryId, delivery.deliveryId)));
      return { id: found?.id ?? 0, duplicate: true };
    },

    async claimNext(now, leaseMs) {
      const claimed = await queue.claim(now, leaseMs);
      if (claimed === null) return null;
      return toStoredDelivery(claimed.row);
    },

    async markDone(id, outcome, now) {
      await unit.db
        .update(t)
        .set({ status: outcome, processedAt: now.getTime(), leaseUntil: null, lastError: null })
        .where(eq(t.id, id));
    },

    async markFailed(id, error, retryAt, options = {}) {
      const failures = options.countsAsFailure === false ? t.failures : sql`${t.failures} + 1`;
      await unit.db
        .update(t)
        .set(
          retryAt
            ? { status: 'pending', nextAttemptAt: retryAt.getTime(), leaseUntil: null, lastError: error, failures }
            : { status: 'dead', leaseUntil: null, lastError: error, failures },
        )
        .where(eq(t.id, id));
    },

    renewLease: renew,

    async listDead(limit) {
      const rows = await unit.db.select().from(t).where(eq(t.status, 'dead')).orderBy(desc(t.id)).limit(limit);
      return rows.map(deadDelivery);
    },

    async retryDead(which, now) {
      return replayDeadRows(unit, t, t, { ready: 'pending', dead: 'dead' }, which, now);
    },

    countByStatus: () => countByStatus(unit, t, t.status),
    countUnfinished: () => countByStatus(unit, t, t.status, INBOX_UNFINISHED),

    async deleteProcessedBefore(cutoff, limit) {
      return deleteOldRows(unit, t, t.id, finishedBefore(t.status, INBOX_FINISHED, t.processedAt, cutoff), limit);
    },
  };
}
