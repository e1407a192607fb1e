import type { TicketSnapshot } from '../domain/ticket.js';
import { SOLVED_STATUSES } from '../domain/timeline.js';
import type { StoredTicket } from '../ports/store.js';

/**
 * What one Zendesk delivery costs in Zendesk calls. The timeline (audits) matters when a case
 * reaches solved: that is when drivers are written back and a survey is planned. Every other
 * event only moves the ticket's state, which an event subscription's `detail` already holds,
 * so a ticket's created/comment/assignment events cost no call at all.
 *
 * - `stale`: an older state than the one stored (webhooks are not ordered); nothing to do.
 * - `apply`: store the delivery's snapshot and raise its status events; no Zendesk call.
 * - `sync`: read the audits (and the ticket, when the delivery did not carry it).
 * - `skip`: a delivery without a snapshot whose status says nothing changed that matters.
 */
export type TicketDeliveryAction = 'stale' | 'apply' | 'sync' | 'skip';

export function decideTicketDelivery(
  stored: StoredTicket | null,
  event: { status: string | null; snapshot: TicketSnapshot | null },
): TicketDeliveryAction {
  const { snapshot } = event;
  if (snapshot && stored && snapshot.updatedAt.getTime() < stored.updatedAt.getTime()) return 'stale';
  const status = snapshot?.status ?? event.status;
  if (status === null) return 'sync';
  const nowSolved = SOLVED_STATUSES.has(status);
  // Solved with a timeline read while solved: the write-back and survey were decided then.
  const solvedAndRead = stored !== null && stored.syncedAt !== null && SOLVED_STATUSES.has(stored.status);
  if (nowSolved && !solvedAndRead) return 'sync';
  if (snapshot) return 'apply';
  // A trigger body: no snapshot to store. A reopen must still be seen (it cancels a planned survey).
  const wasSolved = stored !== null && SOLVED_STATUSES.has(stored.status);
  return wasSolved && !nowSolved ? 'sync' : 'skip';
}
