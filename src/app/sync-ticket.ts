import type { DriverDefinitions } from '../domain/driver-definitions.js';
import type { EffortWeights } from '../domain/effort-index.js';
import { SOLVED_STATUSES } from '../domain/timeline.js';
import type { Logger } from '../logger.js';
import type { Store } from '../ports/store.js';
import type { ZendeskPort } from '../ports/zendesk.js';
import type { Clock } from '../ports/clock.js';
import { queueEffortWriteback } from './effort-writeback.js';
import type { ScoringSource } from './effort-model/scoring-in-force.js';
import type { EventBus } from './event-bus.js';
import { recomputeEffort } from './recompute-effort.js';

export interface TicketSyncDeps {
  zendesk: ZendeskPort;
  store: Store;
  events: EventBus;
  clock: Clock;
  logger: Logger;
  effortWeights: EffortWeights;
  /** How drivers are counted (effortless.config.json `drivers`); the defaults of docs/drivers.md when absent. */
  driverDefinitions?: DriverDefinitions;
  /** The scoring in force (fitted weights once there are enough answers); overrides the two above when set. */
  scoring?: ScoringSource;
  effortFieldId: number | null;
}

export type SyncOutcome = 'synced' | 'missing';

/**
 * Reads a changed ticket, its full audit history and its requester from Zendesk, stores
 * them, recomputes the effort drivers and, when the ticket is solved, queues the write-back.
 */
export async function syncTicket(deps: TicketSyncDeps, ticketId: number): Promise<SyncOutcome> {
  const log = deps.logger.child({ ticketId });
  // Recorded as syncedAt: a delivery received before this moment is covered by this read.
  const readStartedAt = deps.clock.now();
  const snapshot = await deps.zendesk.getTicket(ticketId);
  if (!snapshot) {
    log.warn('ticket not found in Zendesk (deleted or merged); nothing to sync');
    return 'missing';
  }
  const [audits, botUserId, requester] = await Promise.all([
    deps.zendesk.listAudits(ticketId),
    deps.zendesk.getBotUserId(),
    snapshot.requesterId === null ? Promise.resolve(null) : deps.zendesk.getUser(snapshot.requesterId),
  ]);
  const now = deps.clock.now();
  // Everything below is local and commits as one: ticket, audits, drivers, and what the
  // listeners of the events decide (survey plan, write-back, alert samples). A crash leaves
  // all of it, syncedAt included, as it was, so the delivery's replay does it all again.
  const effortIndex = await deps.store.atomically(async () => {
    const previous = await deps.store.tickets.getTicket(ticketId);
    if (requester) await deps.store.tickets.upsertCustomer(requester, now);
    await deps.store.tickets.upsertTicket(snapshot, readStartedAt);
    await deps.store.tickets.replaceAudits(ticketId, audits);
    const scoring = deps.scoring?.current();
    const effort = await recomputeEffort(deps.store.tickets, ticketId, {
      botUserId,
      weights: scoring?.weights ?? deps.effortWeights,
      now,
      definitions: scoring?.definitions ?? deps.driverDefinitions,
    });
    if (!effort) return null;
    await emitStatusEvents(deps.events, previous?.status ?? null, snapshot.status, ticketId, now);
    if (previous && previous.groupId !== snapshot.groupId) {
      await deps.events.emit({
        type: 'ticket.group_changed',
        ticketId,
        from: previous.groupId,
        to: snapshot.groupId,
        at: now,
      });
    }
    await deps.events.emit({
      type: 'effort.computed',
      ticketId,
      index: effort.score.index,
      level: effort.score.level,
      at: now,
    });
    // A closed ticket can no longer be updated in Zendesk; write on solve, before it closes.
    if (snapshot.status === 'solved') {
      await queueEffortWriteback(deps.store, effort, { effortFieldId: deps.effortFieldId, now, logger: log });
    }
    return effort.score.index;
  });
  if (effortIndex === null) return 'missing';
  log.info({ audits: audits.length, status: snapshot.status, effortIndex }, 'ticket synced');
  return 'synced';
}

async function emitStatusEvents(events: EventBus, before: string | null, after: string, ticketId: number, at: Date) {
  const wasSolved = before !== null && SOLVED_STATUSES.has(before);
  const isSolved = SOLVED_STATUSES.has(after);
  if (isSolved && !wasSolved) await events.emit({ type: 'ticket.solved', ticketId, status: after, at });
  if (wasSolved && !isSolved) await events.emit({ type: 'ticket.reopened', ticketId, status: after, at });
  if (after === 'closed' && before !== 'closed') await events.emit({ type: 'ticket.closed', ticketId, at });
}
