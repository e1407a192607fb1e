import type { EffortDrivers } from './drivers.js';
import {
  SOLVED_STATUSES,
  type AssignmentChange,
  type CaseTimeline,
  type StatusChange,
  type Touch,
} from './timeline.js';

export interface DriverContext {
  /** Creation times of the same requester's OTHER tickets (this one excluded). */
  requesterTicketsCreatedAt: Date[];
}

const MINUTE_MS = 60_000;
/** How far back another ticket from the same requester makes this one a repeat contact. */
export const REPEAT_CONTACT_WINDOW_MS = 7 * 24 * 60 * MINUTE_MS;

/** Turns a case timeline into the effort drivers; every definition is documented on its helper. */
export function computeDrivers(timeline: CaseTimeline, context: DriverContext): EffortDrivers {
  const touches = byTime(timeline.touches);
  const customerTouches = touches.filter((touch) => touch.actor === 'customer');
  const statuses = byTime(timeline.statusChanges);
  const assignments = byTime(timeline.assignments);

  const teamHandoffs = countHandoffs(assignments.filter((change) => change.kind === 'group'));
  const reopens = countReopens(statuses);
  const solveTimes = solveTransitionTimes(statuses);
  const currentlySolved = isSolved(statuses.at(-1)?.to ?? null);
  const resolvedAt = lastResolvedAt(timeline);
  const resolutionMinutes =
    currentlySolved && resolvedAt ? toMinutes(resolvedAt.getTime() - timeline.createdAt.getTime()) : null;

  return {
    channelSwitches: countChannelSwitches(customerTouches),
    teamHandoffs,
    agentHandoffs: countHandoffs(assignments.filter((change) => change.kind === 'assignee')),
    reopens,
    // Every customer touch is a contact: a message, a chat, a call.
    customerContacts: customerTouches.length,
    repeatContact: isRepeatContact(timeline.createdAt, context.requesterTicketsCreatedAt),
    // Solved now, never reopened, one contact at most, and one team only.
    firstContactResolution: currentlySolved && reopens === 0 && customerTouches.length <= 1 && teamHandoffs === 0,
    resolutionMinutes,
    customerWaitMinutes: customerWaitMinutes(touches, solveTimes),
  };
}

/**
 * Channel changes between consecutive customer touches: email -> voice -> chat is 2,
 * email -> email is 0. Channels are an open set, compared case-insensitively.
 */
function countChannelSwitches(customerTouches: Touch[]): number {
  let switches = 0;
  for (let i = 1; i < customerTouches.length; i += 1) {
    const previous = customerTouches[i - 1]!.channel.toLowerCase();
    if (customerTouches[i]!.channel.toLowerCase() !== previous) switches += 1;
  }
  return switches;
}

/**
 * Handoffs of one kind (group or assignee): the first assignment is not a handoff; each later
 * move to a different non-null owner is. Unassigning (to null) is not a handoff by itself, and
 * coming back to the same owner after an unassignment is not one either. When the history
 * starts mid-way (first change has a non-null `from`), that `from` counts as the first owner.
 */
export function countHandoffs(changes: AssignmentChange[]): number {
  let owner: number | null = null;
  let handoffs = 0;
  for (const change of changes) {
    const previous: number | null = owner ?? change.from;
    if (change.to === null) {
      owner = previous;
      continue;
    }
    if (previous !== null && previous !== change.to) handoffs += 1;
    owner = change.to;
  }
  return handoffs;
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

/** Another ticket of the same requester created in [createdAt - 7 days, createdAt). */
function isRepeatContact(createdAt: Date, otherTicketsCreatedAt: Date[]): boolean {
  const end = createdAt.getTime();
  const start = end - REPEAT_CONTACT_WINDOW_MS;
  return otherTicketsCreatedAt.some((other) => other.getTime() >= start && other.getTime() < end);
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
