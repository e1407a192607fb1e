import { SOLVED_STATUSES } from '../domain/timeline.js';
import type { EventBus } from './event-bus.js';

/** The domain events a status change raises: solved, reopened, closed. */
export async function emitStatusEvents(
  events: EventBus,
  before: string | null,
  after: string,
  ticketId: number,
  at: Date,
): Promise<void> {
  const wasSolved = before !== null && SOLVED_STATUSES.has(before);
  const isSolved = SOLVED_STATUSES.has(after);
  if (isSolved && !wasSolved) await events.emit({ type: 'ticket.solved', ticketId, status: after, at });
  if (wasSolved && !isSolved) await events.emit({ type: 'ticket.reopened', ticketId, status: after, at });
  if (after === 'closed' && before !== 'closed') await events.emit({ type: 'ticket.closed', ticketId, at });
}

/** Status events, then a group change when the team moved. */
export async function emitTicketChangeEvents(
  events: EventBus,
  previous: { status: string; groupId: number | null } | null,
  current: { id: number; status: string; groupId: number | null },
  at: Date,
): Promise<void> {
  await emitStatusEvents(events, previous?.status ?? null, current.status, current.id, at);
  if (previous && previous.groupId !== current.groupId) {
    await events.emit({
      type: 'ticket.group_changed',
      ticketId: current.id,
      from: previous.groupId,
      to: current.groupId,
      at,
    });
  }
}
