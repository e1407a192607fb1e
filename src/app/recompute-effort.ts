import { buildTimeline } from '../domain/build-timeline.js';
import { computeDrivers, type DriverContext } from '../domain/compute-drivers.js';
import { DEFAULT_DRIVER_DEFINITIONS, type DriverDefinitions } from '../domain/driver-definitions.js';
import type { EffortDrivers, EffortScore } from '../domain/drivers.js';
import { scoreEffort, type EffortWeights } from '../domain/effort-index.js';
import { scoringVersion } from '../domain/scoring-version.js';
import type { CaseTimeline } from '../domain/timeline.js';
import type { StoredTicket, TicketStore } from '../ports/store.js';

export interface ComputedEffort {
  ticket: StoredTicket;
  timeline: CaseTimeline;
  drivers: EffortDrivers;
  score: EffortScore;
}

/**
 * Rebuilds the timeline of one stored ticket from its stored audits, counts the drivers,
 * scores them and stores all three with the version of the definitions and weights used.
 * Null when the ticket is not stored (deleted upstream).
 */
export async function recomputeEffort(
  tickets: TicketStore,
  ticketId: number,
  options: { botUserId: number | null; weights: EffortWeights; now: Date; definitions?: DriverDefinitions },
): Promise<ComputedEffort | null> {
  const ticket = await tickets.getTicket(ticketId);
  if (!ticket) return null;
  const [audits, requesterTickets] = await Promise.all([
    tickets.listAudits(ticketId),
    ticket.requesterId === null ? Promise.resolve([]) : tickets.listRequesterTickets(ticket.requesterId, ticketId),
  ]);
  const timeline = buildTimeline({
    ticketId,
    requesterId: ticket.requesterId,
    createdAt: ticket.createdAt,
    audits,
    botUserId: options.botUserId,
  });
  const definitions = options.definitions ?? DEFAULT_DRIVER_DEFINITIONS;
  const context: DriverContext = {
    requesterTicketsCreatedAt: requesterTickets.map((other) => other.createdAt),
    topic: { ticket: { formId: ticket.formId, tags: ticket.tags }, requesterTickets },
  };
  const drivers = computeDrivers(timeline, context, definitions);
  const score = scoreEffort(drivers, options.weights);
  await tickets.saveEffort(
    ticketId,
    timeline,
    drivers,
    score,
    options.now,
    scoringVersion(definitions, options.weights),
    audits.length,
  );
  return { ticket, timeline, drivers, score };
}
