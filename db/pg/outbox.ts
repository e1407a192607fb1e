import { and, count, desc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Outbox } from '../../src/ports/outbox.js';
import { deadMessage } from '../dead-letters.js';
import {
  type ClaimedOutboxRow,
  finishedBefore,
  OUTBOX_FINISHED,
  OUTBOX_STATUSES,
  OUTBOX_UNFINISHED,
} from '../queue-rows.js';
import { decodeOutboxRow } from '../outbox-payloads.js';
import { outbox as t } from './schema.js';
import { countByStatus, deleteOldRows, leaseQueue, leaseRenewal, replayDeadRows } from './lease-queue.js';
import type { PgUnitOfWork } from './unit-of-work.js';

/**
 * What a claim returns. The payload is read as JSON text and checked by the port's decoder,
 * as SQLite's is, so a payload that no longer fits its kind becomes an unreadable message.
 */
const CLAIMED_COLUMNS = {
  id: t.id,
  kind: t.kind,
  dedupeKey: t.dedupeKey,
  ticketId: t.ticketId,
  attempts: t.attempts,
  failures: t.failures,
  retryFrom: sql<number>`coalesce(${t.retryFrom}, ${t.createdAt})`.as('retry_from'),
  outcomeUnknown: t.outcomeUnknown,
  payloadJson: sql<string>`${t.payload}::text`.as('payload_json'),
};

export function createOutbox(unit: PgUnitOfWork): Outbox {
  // One claim per set of kinds a loop asks for (a handful: all, or one kind).
  const queues = new Map<string, ReturnType<typeof leaseQueue<ClaimedOutboxRow>>>();
  const queueFor = (kinds: readonly string[] | undefined) => {
    const key = kinds ? [...kinds].sort().join(',') : '*';
    let queue = queues.get(key);
    if (!queue) {
      const only = kinds ? inArray(t.kind, [...kinds]) : undefined;
      queue = leaseQueue<ClaimedOutboxRow>(unit, t, t, OUTBOX_STATUSES, { only, returning: CLAIMED_COLUMNS });
      queues.set(key, queue);
    }
    return queue;
  };
  const renew = leaseRenewal(unit, t, t, OUTBOX_STATUSES.leased);
  return {
    async enqueue(message, now) {
      // Two instances queuing the same message at once: the unique dedupe key decides.
      const [inserted] = await unit.db
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
        .returning({ id: t.id });
      if (inserted) return { id: inserted.id, duplicate: false };
      const [existing] = await unit.db.select({ id: t.id }).from(t).where(eq(t.dedupeKey, message.dedupeKey));
      return { id: existing?.id ?? 0, duplicate: true };
    },

    async claimNext(now, leaseMs, kinds) {
      const claimed = await queueFor(kinds).claim(now, leaseMs);
      if (claimed === null) return null;
      const { outcomeUnknown, retryFrom, ...rest } = claimed.row;
      // A send whose process died mid-way may have reached the provider, like one that timed out.
      return decodeOutboxRow({
        ...rest,
        retryFrom: new Date(retryFrom),
        previousOutcomeUnknown: outcomeUnknown || claimed.wasAbandoned,
      });
    },

    async countDue(now, upTo) {
      const due = unit.db
        .select({ id: t.id })
        .from(t)
        .where(and(eq(t.status, OUTBOX_STATUSES.ready), lte(t.nextAttemptAt, now.getTime())))
        .limit(upTo)
        .as('due');
      const [row] = await unit.db.select({ n: count() }).from(due);
      return row?.n ?? 0;
    },

    async markSent(id, providerId, now) {
      await unit.db
        .update(t)
        .set({
          status: 'sent',
          providerId,
          leaseUntil: null,
          lastError: null,
          outcomeUnknown: false,
          updatedAt: now.getTime(),
        })
        .where(eq(t.id, id));
    },

    async markFailed(id, error, retryAt, now, options = {}) {
      const failures = options.countsAsFailure === false ? t.failures : sql`${t.failures} + 1`;
      const common = {
        leaseUntil: null,
        lastError: error,
        failures,
        outcomeUnknown: options.outcomeUnknown ?? false,
        updatedAt: now.getTime(),
      };
      await unit.db
        .update(t)
        .set(
          retryAt ? { ...common, status: 'pending', nextAttemptAt: retryAt.getTime() } : { ...common, status: 'dead' },
        )
        .where(eq(t.id, id));
    },

    renewLease: renew,

    async listDead(limit) {
      const rows = await unit.db.select().from(t).where(eq(t.status, 'dead')).orderBy(desc(t.id)).limit(limit);
      return rows.map(deadMessage);
    },

    async retryDead(which, now) {
      return replayDeadRows(unit, t, t, { ready: 'pending', dead: 'dead' }, which, now, { updatedAt: now.getTime() });
    },

    async cancel(dedupeKey, now) {
      // Only a message still waiting can be cancelled; one being sent right now finishes.
      const cancelled = await unit.db
        .update(t)
        .set({ status: 'cancelled', updatedAt: now.getTime() })
        .where(and(eq(t.dedupeKey, dedupeKey), eq(t.status, 'pending')))
        .returning({ id: t.id });
      return cancelled.length > 0;
    },

    countByStatus: () => countByStatus(unit, t, t.status),
    countUnfinished: () => countByStatus(unit, t, t.status, OUTBOX_UNFINISHED),

    async deleteFinishedBefore(cutoff, limit) {
      return deleteOldRows(unit, t, t.id, finishedBefore(t.status, OUTBOX_FINISHED, t.updatedAt, cutoff), limit);
    },
  };
}
