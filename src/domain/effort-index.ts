import type { DriverContribution, DriverName, EffortDrivers, EffortLevel, EffortScore } from './drivers.js';

/** Points that grow with a duration past a grace period, in whole steps, up to a cap. */
export interface DurationWeight {
  graceMinutes: number;
  minutesPerPoint: number;
  maxPoints: number;
}

export interface EffortWeights {
  channelSwitch: number;
  teamHandoff: number;
  agentHandoff: number;
  reopen: number;
  /** Per customer contact beyond the first. */
  extraContact: number;
  repeatContact: number;
  /** Only for resolved tickets: an open ticket has not failed first-contact resolution yet. */
  notFirstContactResolution: number;
  slowResolution: DurationWeight;
  customerWait: DurationWeight;
  /** Lowest index of each level; below `medium` is low. */
  levels: { medium: number; high: number };
}

/**
 * | driver                       | points                                               |
 * | ---------------------------- | ---------------------------------------------------- |
 * | channel switch               | 12 per switch                                        |
 * | team handoff                 | 10 each                                              |
 * | agent handoff                | 6 each                                               |
 * | reopen                       | 15 each                                              |
 * | extra contact                | 3 per customer contact beyond the first              |
 * | repeat contact               | 12                                                   |
 * | not first-contact resolution | 6, only once resolved                                |
 * | slow resolution              | 1 per full 8 h beyond 24 h, at most 10               |
 * | customer wait                | 1 per full hour beyond 4 h, at most 10               |
 * | levels                       | low < 34 <= medium < 67 <= high                      |
 *
 * Switching channels and changing teams weigh most: customers repeat their story each time.
 */
export const DEFAULT_EFFORT_WEIGHTS: EffortWeights = Object.freeze({
  channelSwitch: 12,
  teamHandoff: 10,
  agentHandoff: 6,
  reopen: 15,
  extraContact: 3,
  repeatContact: 12,
  notFirstContactResolution: 6,
  slowResolution: Object.freeze({ graceMinutes: 24 * 60, minutesPerPoint: 8 * 60, maxPoints: 10 }),
  customerWait: Object.freeze({ graceMinutes: 4 * 60, minutesPerPoint: 60, maxPoints: 10 }),
  levels: Object.freeze({ medium: 34, high: 67 }),
});

/** Partial weights as read from configuration; nested groups may be partial too. */
export type EffortWeightsOverride = {
  [K in keyof EffortWeights]?: EffortWeights[K] extends object ? Partial<EffortWeights[K]> : EffortWeights[K];
};

/** Defaults overlaid with the given values; keys set to undefined keep the default. */
export function mergeEffortWeights(partial: EffortWeightsOverride): EffortWeights {
  const d = DEFAULT_EFFORT_WEIGHTS;
  return {
    channelSwitch: partial.channelSwitch ?? d.channelSwitch,
    teamHandoff: partial.teamHandoff ?? d.teamHandoff,
    agentHandoff: partial.agentHandoff ?? d.agentHandoff,
    reopen: partial.reopen ?? d.reopen,
    extraContact: partial.extraContact ?? d.extraContact,
    repeatContact: partial.repeatContact ?? d.repeatContact,
    notFirstContactResolution: partial.notFirstContactResolution ?? d.notFirstContactResolution,
    slowResolution: { ...d.slowResolution, ...definedOnly(partial.slowResolution) },
    customerWait: { ...d.customerWait, ...definedOnly(partial.customerWait) },
    levels: { ...d.levels, ...definedOnly(partial.levels) },
  };
}

export const MAX_EFFORT_INDEX = 100;

/** Each driver's points on this case; see the table above. */
export function driverPoints(drivers: EffortDrivers, weights: EffortWeights): Record<DriverName, number> {
  const extraContacts = Math.max(0, drivers.customerContacts - 1);
  const resolved = drivers.resolutionMinutes !== null;
  return {
    channelSwitches: drivers.channelSwitches * weights.channelSwitch,
    teamHandoffs: drivers.teamHandoffs * weights.teamHandoff,
    agentHandoffs: drivers.agentHandoffs * weights.agentHandoff,
    reopens: drivers.reopens * weights.reopen,
    extraContacts: extraContacts * weights.extraContact,
    repeatContact: drivers.repeatContact ? weights.repeatContact : 0,
    notFirstContactResolution: resolved && !drivers.firstContactResolution ? weights.notFirstContactResolution : 0,
    slowResolution: durationPoints(drivers.resolutionMinutes ?? 0, weights.slowResolution),
    customerWait: durationPoints(drivers.customerWaitMinutes, weights.customerWait),
  };
}

/** The index alone, without the explanation scoreEffort builds: for scoring many cases at once. */
export function effortIndexOf(drivers: EffortDrivers, weights: EffortWeights = DEFAULT_EFFORT_WEIGHTS): number {
  const points = driverPoints(drivers, weights);
  let total = 0;
  for (const driver in points) total += Math.max(0, points[driver as DriverName]);
  return cappedIndex(total);
}

/** The effort index (0-100) is the sum of the drivers' points, capped; see the table above. */
export function scoreEffort(drivers: EffortDrivers, weights: EffortWeights = DEFAULT_EFFORT_WEIGHTS): EffortScore {
  const points = driverPoints(drivers, weights);
  const details: Record<DriverName, string> = {
    channelSwitches: `${driverLabel('channelSwitches', drivers)} x ${weights.channelSwitch}`,
    teamHandoffs: `${driverLabel('teamHandoffs', drivers)} x ${weights.teamHandoff}`,
    agentHandoffs: `${driverLabel('agentHandoffs', drivers)} x ${weights.agentHandoff}`,
    reopens: `${driverLabel('reopens', drivers)} x ${weights.reopen}`,
    extraContacts: `${driverLabel('extraContacts', drivers)} x ${weights.extraContact}`,
    repeatContact: driverLabel('repeatContact', drivers),
    notFirstContactResolution: driverLabel('notFirstContactResolution', drivers),
    slowResolution: `${driverLabel('slowResolution', drivers)}, ${durationRule(weights.slowResolution)}`,
    customerWait: `${driverLabel('customerWait', drivers)}, ${durationRule(weights.customerWait)}`,
  };

  const contributions: DriverContribution[] = (Object.keys(points) as DriverName[])
    .filter((driver) => points[driver] > 0)
    .map((driver) => ({ driver, points: points[driver], detail: details[driver] }))
    .sort((a, b) => b.points - a.points); // stable: ties keep the table's order

  const total = contributions.reduce((sum, contribution) => sum + contribution.points, 0);
  const index = cappedIndex(total);
  return { index, level: effortLevel(index, weights.levels), contributions };
}

function cappedIndex(total: number): number {
  return Math.min(MAX_EFFORT_INDEX, Math.max(0, Math.round(total)));
}

export function effortLevel(index: number, levels: EffortWeights['levels']): EffortLevel {
  if (index >= levels.high) return 'high';
  if (index >= levels.medium) return 'medium';
  return 'low';
}

/** What the driver was on this case, for people: "2 channel switches", "resolved in 4h 50min". */
export function driverLabel(driver: DriverName, drivers: EffortDrivers): string {
  switch (driver) {
    case 'channelSwitches':
      return plural(drivers.channelSwitches, 'channel switch', 'channel switches');
    case 'teamHandoffs':
      return plural(drivers.teamHandoffs, 'team handoff', 'team handoffs');
    case 'agentHandoffs':
      return plural(drivers.agentHandoffs, 'agent handoff', 'agent handoffs');
    case 'reopens':
      return plural(drivers.reopens, 'reopen', 'reopens');
    case 'extraContacts':
      return plural(Math.max(0, drivers.customerContacts - 1), 'extra contact', 'extra contacts');
    case 'repeatContact':
      // The window is configurable and a merged duplicate counts too, so the label names no number of days.
      return 'repeat contact (another recent ticket, or a duplicate merged in)';
    case 'notFirstContactResolution':
      return 'not resolved on first contact';
    case 'slowResolution':
      return drivers.resolutionMinutes === null
        ? 'not resolved'
        : `resolved in ${formatMinutes(drivers.resolutionMinutes)}`;
    case 'customerWait':
      return `customer waited ${formatMinutes(drivers.customerWaitMinutes)}`;
  }
}

/** "50min", "4h 50min", "30h": hours stay hours so agents compare cases at a glance. */
export function formatMinutes(minutes: number): string {
  const whole = Math.max(0, Math.round(minutes));
  const hours = Math.floor(whole / 60);
  const rest = whole % 60;
  if (hours === 0) return `${rest}min`;
  return rest === 0 ? `${hours}h` : `${hours}h ${rest}min`;
}

function durationPoints(minutes: number, weight: DurationWeight): number {
  const beyondGrace = minutes - weight.graceMinutes;
  if (beyondGrace <= 0 || weight.minutesPerPoint <= 0) return 0;
  return Math.min(weight.maxPoints, Math.floor(beyondGrace / weight.minutesPerPoint));
}

function durationRule(weight: DurationWeight): string {
  return `1 per ${formatMinutes(weight.minutesPerPoint)} beyond ${formatMinutes(weight.graceMinutes)} (max ${weight.maxPoints})`;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

function definedOnly<T extends object>(value: Partial<T> | undefined): Partial<T> {
  if (!value) return {};
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
