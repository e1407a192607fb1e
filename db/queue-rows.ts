/**
 * What the inbox and outbox repositories of both backends (db/sqlite, db/pg) share: the
 * status names a claim moves rows between, and the mapping of claimed rows to the ports.
 */
import { type Column, and, inArray, lt, type SQL } from 'drizzle-orm';
import type { StoredDelivery } from '../src/ports/inbox.js';

export const INBOX_STATUSES = { ready: 'pending', leased: 'processing' } as const;
export const OUTBOX_STATUSES = { ready: 'pending', leased: 'sending' } as const;

/** The statuses of finished work, the only rows retention deletes: never waiting, running or dead ones. */
export const INBOX_FINISHED = ['done', 'ignored'];
export const OUTBOX_FINISHED = ['sent', 'cancelled'];
/** The statuses of work not finished: waiting, running, or dead until replayed. */
export const INBOX_UNFINISHED = [INBOX_STATUSES.ready, INBOX_STATUSES.leased, 'dead'];
export const OUTBOX_UNFINISHED = [OUTBOX_STATUSES.ready, OUTBOX_STATUSES.leased, 'dead'];

/** Rows in one of the `finished` statuses whose `finishedAt` (epoch ms) is before `cutoff`: what retention may delete. */
export function finishedBefore(status: Column, finished: string[], finishedAt: Column, cutoff: Date): SQL {
  return and(inArray(status, finished), lt(finishedAt, cutoff.getTime())) as SQL;
}

/** A claimed webhook_deliveries row, as both schemas return it. */
interface DeliveryRow {
  id: number;
  provider: string;
  deliveryId: string;
  eventType: string | null;
  rawBody: string;
  receivedAt: number;
  orderingKey: string | null;
  attempts: number;
  failures: number;
  retryFrom: number | null;
}

export function toStoredDelivery(row: DeliveryRow): StoredDelivery {
  return {
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
}

/**
 * What an outbox claim returns: the payload as JSON text, checked by the port's decoder
 * (db/outbox-payloads.ts), so a payload that no longer fits its kind becomes an unreadable message.
 */
export type ClaimedOutboxRow = {
  id: number;
  kind: string;
  dedupeKey: string;
  ticketId: number | null;
  attempts: number;
  failures: number;
  retryFrom: number;
  outcomeUnknown: boolean;
  payloadJson: string;
};
