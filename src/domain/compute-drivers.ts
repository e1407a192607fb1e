import { countAgentHandoffs, countTeamHandoffs } from './count-handoffs.js';
import { channelFamily, DEFAULT_DRIVER_DEFINITIONS, type DriverDefinitions } from './driver-definitions.js';
import type { EffortDrivers } from './drivers.js';
import { isRepeatContact, type DriverContext } from './repeat-contact.js';
import { SOLVED_STATUSES, type CaseTimeline, type StatusChange, type Touch } from './timeline.js';

export { countHandoffs } from './count-handoffs.js';
export { REPEAT_CONTACT_WINDOW_MS, type DriverContext, type RelatedTicket } from './repeat-contact.js';

const MINUTE_MS = 60_000;

/**
 * Turns a case timeline into the effort drivers; every definition is documented on its helper
 * and in docs/drivers.md. `definitions` are the configurable choices (effortless.config.json `drivers`).
 */
export function computeDrivers(
  timeline: CaseTimeline,
  context: DriverContext,
  definitions: DriverDefinitions = DEFAULT_DRIVER_DEFINITIONS,
): EffortDrivers {
  const touches = byTime(timeline.touches);
  const customerTouches = touches.filter((touch) => touch.actor === 'customer');
  const statuses = byTime(timeline.statusChanges);
  const assignments = byTime(timeline.assignments);
  const engagements = timeline.engagements ?? [];
  const merged = (timeline.mergedTicketIds ?? []).length > 0;

  const teamHandoffs = countTeamHandoffs(assignments, engagements, definitions.handoffs);
  const reopens = countReopens(statuses);
  const solveTimes = solveTransitionTimes(statuses);
  const currentlySolved = isSolved(statuses.at(-1)?.to ?? null);
  const resolvedAt = lastResolvedAt(timeline);
  const resolutionMinutes =
    currentlySolved && resolvedAt ? toMinutes(resolvedAt.getTime() - timeline.createdAt.getTime()) : null;

  return {
    channelSwitches: countChannelSwitches(customerTouches, definitions.channelFamilies),
    teamHandoffs,
    agentHandoffs: countAgentHandoffs(assignments, engagements, definitions.handoffs),
    reopens,
    // Every customer touch is a contact: a message, a chat, a call.
    customerContacts: customerTouches.length,
    repeatContact: merged || isRepeatContact(timeline.createdAt, context, definitions.repeatContact),
    // Solved now, never reopened, one contact at most, one team that engaged, and no duplicate merged in.
    firstContactResolution:
      currentlySolved && reopens === 0 && customerTouches.length <= 1 && teamHandoffs === 0 && !merged,
    resolutionMinutes,
    customerWaitMinutes: customerWaitMinutes(touches, solveTimes),
  };
}

/**
 * Changes of channel family between consecutive customer touches: email -> voice -> chat is 2,
 * web form -> email is 0 (both written). Customer touches are what the customer initiated; an
 * agent's outbound call is an agent touch (build-timeline.ts). Channels compare case-insensitively.
 */
function countChannelSwitches(customerTouches: Touch[], families: DriverDefinitions['channelFamilies']): number {
  let switches = 0;
  for (let i = 1; i < customerTouches.length; i += 1) {
    const previous = channelFamily(customerTouches[i - 1]!.channel, families);
    if (channelFamily(customerTouches[i]!.channel, families) !== previous) switches += 1;
  }
  return switches;
}

/**
 * Reopens: a move from solved/closed to any other status (new, open, pending, hold, ...).
 * The previous status is what the timeline last recorded, falling back to the event's own
 * `from`, so a missing or inconsistent `from` cannot hide a reopen.
 */
function countReopens(statuses: StatusChange[]): number {
  let reopens = 0;
  let current: string | null = null;
  for (const change of statuses) {
    const previous = current ?? change.from;
    if (isSolved(previous) && !isSolved(change.to)) reopens += 1;
    current = change.to;
  }
  return reopens;
}

/**
 * When the case was last resolved: its last move into solved/closed. A history that starts
 * already solved (e.g. solved -> closed only) has no transition to measure; its earliest
 * solved status is the best evidence we have. Null when it was never solved.
 */
export function lastResolvedAt(timeline: CaseTimeline): Date | null {
  const statuses = byTime(timeline.statusChanges);
  return solveTransitionTimes(statuses).at(-1) ?? statuses.find((change) => isSolved(change.to))?.at ?? null;
}

/**
 * Times the ticket entered solved/closed from an unsolved status (or was created solved).
 * solved -> closed is not a new resolution: closing is Zendesk's housekeeping days later.
 */
function solveTransitionTimes(statuses: StatusChange[]): Date[] {
  const times: Date[] = [];
  let current: string | null = null;
  for (const change of statuses) {
    const previous = current ?? change.from;
    if (isSolved(change.to) && !isSolved(previous)) times.push(change.at);
    current = change.to;
  }
  return times;
}

/**
 * How long the customer waited for a public agent reply, summed over the case. A wait starts
 * at a customer touch and ends at the next public agent touch (internal notes do not answer
 * the customer); further customer touches while waiting do not restart it. A wait still open
 * at the end ends at the first solve after it began, if any; otherwise it counts 0, because
 * an open ticket's wait depends on when we look and drivers must not depend on the clock.
 */
function customerWaitMinutes(touches: Touch[], solveTimes: Date[]): number {
  let waitingSince: Date | null = null;
  let totalMs = 0;
  for (const touch of touches) {
    if (touch.actor === 'customer') {
      waitingSince ??= touch.at;
    } else if (touch.public && waitingSince) {
      totalMs += touch.at.getTime() - waitingSince.getTime();
      waitingSince = null;
    }
  }
  if (waitingSince) {
    const since = waitingSince.getTime();
    const solve = solveTimes.find((at) => at.getTime() >= since);
    if (solve) totalMs += solve.getTime() - since;
  }
  return toMinutes(totalMs);
}

function isSolved(status: string | null): boolean {
  return status !== null && SOLVED_STATUSES.has(status.toLowerCase());
}

function toMinutes(ms: number): number {
  return Math.round(ms / MINUTE_MS);
}

/** Stable sort by time: a hand-built timeline may not be ordered, and ties keep their order. */
function byTime<T extends { at: Date }>(items: T[]): T[] {
  return [...items].sort((a, b) => a.at.getTime() - b.at.getTime());
}
