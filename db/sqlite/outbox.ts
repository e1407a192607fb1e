import { and, count, desc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Outbox } from '../../src/ports/outbox.js';
import type { SqliteDb } from '../connection.js';
import { deadMessage } from '../dead-letters.js';
import {
  type ClaimedOutboxRow,
  finishedBefore,
  OUTBOX_FINISHED,
  OUTBOX_STATUSES,
  OUTBOX_UNFINISHED,
} from '../queue-rows.js';
import { decodeOutboxRow } from '../outbox-payloads.js';
import { outbox as t } from '../schema.js';
import {
  countByStatus,
  deleteOldRows,
  type LeaseQueue,
  leaseQueue,
  leaseRenewal,
  replayDeadRows,
} from './lease-queue.js';
import { preparedOnce } from './prepared.js';

/**
 * What a claim returns. The payload is read as text, not through the column's JSON mode, so
 * that a row whose JSON is broken becomes an unreadable message instead of a thrown query.
 */
const CLAIMED_COLUMNS = {
  id: t.id,
  kind: t.kind,
  dedupeKey: t.dedupeKey,
  ticketId: t.ticketId,
  attempts: t.attempts,
  failures: t.failures,
  retryFrom: sql<number>`coalesce(${t.retryFrom}, ${t.createdAt})`,
  outcomeUnknown: t.outcomeUnknown,
  payloadJson: sql<string>`cast(${t.payload} as text)`,
};

export function createOutbox(db: SqliteDb): Outbox {
  const p = (name: string) => sql.placeholder(name);
  const insert = preparedOnce(() =>
    db
      .insert(t)
      .values({
        kind: p('kind'),
        dedupeKey: p('dedupeKey'),
        ticketId: p('ticketId'),
        payload: sql`${p('payload')}`,
        nextAttemptAt: p('nextAttemptAt'),
        createdAt: p('now'),
        updatedAt: p('now'),
      })
      .onConflictDoNothing()
      .returning({ id: t.id })
      .prepare(),
  );
  const byDedupeKey = preparedOnce(() =>
    db
      .select({ id: t.id })
      .from(t)
      .where(eq(t.dedupeKey, p('dedupeKey')))
      .prepare(),
  );
  // One prepared claim per set of kinds a loop asks for (a handful: all, or one kind).
  const queues = new Map<string, LeaseQueue<ClaimedOutboxRow>>();
  const queueFor = (kinds: readonly string[] | undefined) => {
    const key = kinds ? [...kinds].sort().join(',') : '*';
    let queue = queues.get(key);
    if (!queue) {
      const only = kinds ? inArray(t.kind, [...kinds]) : undefined;
      queue = leaseQueue<ClaimedOutboxRow>(db, t, t, OUTBOX_STATUSES, { only, returning: CLAIMED_COLUMNS });
      queues.set(key, queue);
    }
    return queue;
  };
  const renew = leaseRenewal(db, t, t, OUTBOX_STATUSES.leased);
  const markSent = preparedOnce(() =>
    db
      .update(t)
      .set({
        status: 'sent',
        providerId: sql`${p('providerId')}`,
        leaseUntil: null,
        lastError: null,
        outcomeUnknown: false,
        updatedAt: sql`${p('now')}`,
      })
      .where(eq(t.id, p('id')))
      .prepare(),
  );
  const dueUpTo = preparedOnce(() => {
    const due = db
      .select({ id: t.id })
      .from(t)
      .where(and(eq(t.status, OUTBOX_STATUSES.ready), lte(t.nextAttemptAt, p('now'))))
      .limit(p('upTo'))
      .as('due');
    return db.select({ n: count() }).from(due).prepare();
  });
  return {
    async enqueue(message, now) {
      const inserted = insert().get({
        kind: message.kind,
        dedupeKey: message.dedupeKey,
        ticketId: message.ticketId,
        payload: JSON.stringify(message.payload),
        nextAttemptAt: message.notBefore.getTime(),
        now: now.getTime(),
      });
      if (inserted) return { id: inserted.id, duplicate: false };
      const existing = byDedupeKey().get({ dedupeKey: message.dedupeKey });
      return { id: existing?.id ?? 0, duplicate: true };
    },

    async claimNext(now, leaseMs, kinds) {
      const claimed = queueFor(kinds).claim(now, leaseMs);
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
      return dueUpTo().get({ now: now.getTime(), upTo })?.n ?? 0;
    },

    async markSent(id, providerId, now) {
      markSent().run({ id, providerId, now: now.getTime() });
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
      return renew(id, until);
    },

    async listDead(limit) {
      const rows = db.select().from(t).where(eq(t.status, 'dead')).orderBy(desc(t.id)).limit(limit).all();
      return rows.map(deadMessage);
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
    countUnfinished: () => countByStatus(db, t, t.status, OUTBOX_UNFINISHED),

    async deleteFinishedBefore(cutoff, limit) {
      return deleteOldRows(db, t, t.id, finishedBefore(t.status, OUTBOX_FINISHED, t.updatedAt, cutoff), limit);
    },
  };
}
