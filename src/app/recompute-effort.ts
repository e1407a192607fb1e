import { buildTimeline } from '../domain/build-timeline.js';
import { computeDrivers } from '../domain/compute-drivers.js';
import type { DriverDefinitions } from '../domain/driver-definitions.js';
import type { EffortDrivers, EffortScore } from '../domain/drivers.js';
import { scoreEffort, type EffortWeights } from '../domain/effort-index.js';
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
 * scores them and stores all three. Null when the ticket is not stored (deleted upstream).
 */
export async function recomputeEffort(
  tickets: TicketStore,
  ticketId: number,
  options: { botUserId: number | null; weights: EffortWeights; now: Date; definitions?: DriverDefinitions },
): Promise<ComputedEffort | null> {
  const ticket = await tickets.getTicket(ticketId);
  if (!ticket) return null;
  const [audits, otherTicketTimes] = await Promise.all([
    tickets.listAudits(ticketId),
    ticket.requesterId === null ? Promise.resolve([]) : tickets.listRequesterTicketTimes(ticket.requesterId, ticketId),
  ]);
  const timeline = buildTimeline({
    ticketId,
    requesterId: ticket.requesterId,
    createdAt: ticket.createdAt,
    audits,
    botUserId: options.botUserId,
  });
  const drivers = computeDrivers(timeline, { requesterTicketsCreatedAt: otherTicketTimes }, options.definitions);
  const score = scoreEffort(drivers, options.weights);
  await tickets.saveEffort(ticketId, timeline, drivers, score, options.now);
  return { ticket, timeline, drivers, score };
}
