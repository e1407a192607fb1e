import type { DriverDefinitions } from '../domain/driver-definitions.js';
import type { EffortWeights } from '../domain/effort-index.js';
import type { CustomerProfile, TicketSnapshot } from '../domain/ticket.js';
import type { Logger } from '../logger.js';
import type { Store } from '../ports/store.js';
import type { ZendeskPort } from '../ports/zendesk.js';
import type { Clock } from '../ports/clock.js';
import { publishEffort } from './effort-writeback.js';
import type { ScoringSource } from './effort-model/scoring-in-force.js';
import type { EventBus } from './event-bus.js';
import { recomputeEffort } from './recompute-effort.js';
import { emitTicketChangeEvents } from './ticket-status-events.js';

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

/** The ticket as the caller already has it (a webhook's `detail`, the stored row): no read of it. */
export interface KnownTicket {
  snapshot: TicketSnapshot;
  /** Deliveries received until then are covered by this sync; null leaves syncedAt as stored. */
  coversUntil: Date | null;
}

/** A stored profile younger than this is used as it is; older ones are read again. */
export const CUSTOMER_PROFILE_MAX_AGE_MS = 24 * 60 * 60_000;

/**
 * Reads a changed ticket's audit history (and the ticket itself, unless the delivery carried
 * it as `known`) from Zendesk, stores them, recomputes the effort drivers and, when the
 * ticket is solved, queues the write-back.
 */
export async function syncTicket(
  deps: TicketSyncDeps,
  ticketId: number,
  known: KnownTicket | null = null,
): Promise<SyncOutcome> {
  const log = deps.logger.child({ ticketId });
  // Recorded as syncedAt: a delivery received before this moment is covered by this read. A
  // snapshot the caller had covers only what arrived until it (the sync did not read the ticket).
  const syncedAt = known ? known.coversUntil : deps.clock.now();
  const read = await deps.zendesk.readCase(ticketId, known?.snapshot ?? null);
  if (!read) {
    log.warn('ticket not found in Zendesk (deleted or merged); nothing to sync');
    return 'missing';
  }
  const { ticket: snapshot, audits } = read;
  const [botUserId, requester] = await Promise.all([
    deps.zendesk.getBotUserId(),
    requesterToStore(deps, snapshot.requesterId, read.users),
  ]);
  const now = deps.clock.now();
  // Everything below is local and commits as one: ticket, audits, drivers, and what the
  // listeners of the events decide (survey plan, write-back, alert samples). A crash leaves
  // all of it, syncedAt included, as it was, so the delivery's replay does it all again.
  const effortIndex = await deps.store.atomically(async () => {
    const previous = await deps.store.tickets.getTicket(ticketId);
    if (requester) await deps.store.tickets.upsertCustomer(requester, now);
    await deps.store.tickets.upsertTicket(snapshot, syncedAt);
    await deps.store.tickets.replaceAudits(ticketId, audits);
    const scoring = deps.scoring?.current();
    const effort = await recomputeEffort(deps.store.tickets, ticketId, {
      botUserId,
      weights: scoring?.weights ?? deps.effortWeights,
      now,
      definitions: scoring?.definitions ?? deps.driverDefinitions,
    });
    if (!effort) return null;
    await emitTicketChangeEvents(deps.events, previous, snapshot, now);
    await publishEffort(deps.store, deps.events, effort, { effortFieldId: deps.effortFieldId, now, logger: log });
    return effort.score.index;
  });
  if (effortIndex === null) return 'missing';
  log.info({ audits: audits.length, status: snapshot.status, effortIndex }, 'ticket synced');
  return 'synced';
}

/**
 * The requester's profile when it must be stored: sideloaded with the reads, or read on its
 * own when the stored copy is missing or older than CUSTOMER_PROFILE_MAX_AGE_MS; null when
 * the stored copy is fresh (or there is no requester).
 */
async function requesterToStore(
  deps: TicketSyncDeps,
  requesterId: number | null,
  sideloaded: CustomerProfile[],
): Promise<CustomerProfile | null> {
  if (requesterId === null) return null;
  const fromReads = sideloaded.find((user) => user.id === requesterId);
  if (fromReads) return fromReads;
  const refreshedAt = await deps.store.tickets.getCustomerRefreshedAt(requesterId);
  if (refreshedAt && deps.clock.now().getTime() - refreshedAt.getTime() < CUSTOMER_PROFILE_MAX_AGE_MS) return null;
  return deps.zendesk.getUser(requesterId);
}
