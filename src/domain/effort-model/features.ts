import type { DriverName, EffortDrivers } from '../drivers.js';
import { DEFAULT_EFFORT_WEIGHTS, formatMinutes, type DurationWeight, type EffortWeights } from '../effort-index.js';

/** The drivers the model fits, in the order of the effort index's table (effort-index.ts). */
export const MODEL_DRIVERS: readonly DriverName[] = Object.freeze([
  'channelSwitches',
  'teamHandoffs',
  'agentHandoffs',
  'reopens',
  'extraContacts',
  'repeatContact',
  'notFirstContactResolution',
  'slowResolution',
  'customerWait',
]);

/**
 * One case's drivers as model inputs, one number per MODEL_DRIVERS entry, in the units the
 * index weighs them: counts, 0/1 flags, and for the two durations the index's own steps
 * (whole steps beyond the grace, up to the cap) under `base`'s duration rules. A fitted
 * cost is then "CES points per step", and a fitted weight is "index points per step".
 */
export function driverFeatures(drivers: EffortDrivers, base: EffortWeights = DEFAULT_EFFORT_WEIGHTS): number[] {
  const resolved = drivers.resolutionMinutes !== null;
  const values: Record<DriverName, number> = {
    channelSwitches: drivers.channelSwitches,
    teamHandoffs: drivers.teamHandoffs,
    agentHandoffs: drivers.agentHandoffs,
    reopens: drivers.reopens,
    extraContacts: Math.max(0, drivers.customerContacts - 1),
    repeatContact: drivers.repeatContact ? 1 : 0,
    notFirstContactResolution: resolved && !drivers.firstContactResolution ? 1 : 0,
    slowResolution: durationSteps(drivers.resolutionMinutes ?? 0, base.slowResolution),
    customerWait: durationSteps(drivers.customerWaitMinutes, base.customerWait),
  };
  return MODEL_DRIVERS.map((driver) => values[driver]);
}

/** What one unit of a driver is, for people: "each team handoff", "each 8h beyond 24h to resolve". */
export function driverUnit(driver: DriverName, base: EffortWeights = DEFAULT_EFFORT_WEIGHTS): string {
  switch (driver) {
    case 'channelSwitches':
      return 'each channel switch';
    case 'teamHandoffs':
      return 'each team handoff';
    case 'agentHandoffs':
      return 'each agent handoff';
    case 'reopens':
      return 'each reopen';
    case 'extraContacts':
      return 'each extra contact';
    case 'repeatContact':
      return 'a repeat contact';
    case 'notFirstContactResolution':
      return 'not resolved on first contact';
    case 'slowResolution':
      return `each ${stepText(base.slowResolution)} to resolve`;
    case 'customerWait':
      return `each ${stepText(base.customerWait)} the customer waited`;
  }
}

function stepText(weight: DurationWeight): string {
  return `${formatMinutes(weight.minutesPerPoint)} beyond ${formatMinutes(weight.graceMinutes)}`;
}

/** Whole steps of `minutesPerPoint` beyond the grace, capped at `maxPoints` steps. */
export function durationSteps(minutes: number, weight: DurationWeight): number {
  const beyondGrace = minutes - weight.graceMinutes;
  if (beyondGrace <= 0 || weight.minutesPerPoint <= 0) return 0;
  return Math.min(weight.maxPoints, Math.floor(beyondGrace / weight.minutesPerPoint));
}
