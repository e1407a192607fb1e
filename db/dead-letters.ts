import type { DeadLetter } from '../src/ports/work-queue.js';

/** The columns both backends' queue tables have for a dead letter. */
interface DeadRow {
  id: number;
  lastError: string | null;
  attempts: number;
  failures: number;
}

/** A dead delivery as the operator sees it; a ticket's ordering key names its ticket. */
export function deadDelivery(
  row: DeadRow & { provider: string; orderingKey: string | null; receivedAt: number },
): DeadLetter {
  return {
    queue: 'inbox',
    id: row.id,
    kind: row.provider,
    ticketId: row.orderingKey?.startsWith('ticket:') ? Number(row.orderingKey.slice('ticket:'.length)) : null,
    reason: row.lastError,
    attempts: row.attempts,
    failures: row.failures,
    queuedAt: new Date(row.receivedAt),
  };
}

/** A dead outbox message as the operator sees it. */
export function deadMessage(row: DeadRow & { kind: string; ticketId: number | null; createdAt: number }): DeadLetter {
  return {
    queue: 'outbox',
    id: row.id,
    kind: row.kind,
    ticketId: row.ticketId,
    reason: row.lastError,
    attempts: row.attempts,
    failures: row.failures,
    queuedAt: new Date(row.createdAt),
  };
}
