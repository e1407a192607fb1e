import type { DriverName } from '../drivers.js';
import type { DurationWeight, EffortWeights } from '../effort-index.js';

/**
 * Index points per CES point: a case whose drivers cost the whole 1-7 scale (6 CES points)
 * scores 100, the index's maximum. The levels keep their meaning in CES: medium from about
 * 2 CES points lost, high from about 4 (with the default levels 34 and 67).
 */
export const INDEX_POINTS_PER_CES_POINT = 100 / 6;

/** Index points per unit of a driver with this cost: a driver that made answers easier weighs 0, never less. */
export function indexPointsFor(cesPerUnit: number): number {
  return round2(Math.max(0, -cesPerUnit * INDEX_POINTS_PER_CES_POINT));
}

/** The base weight of a driver, in index points per unit (per step for the durations). */
export function baseIndexPoints(driver: DriverName, base: EffortWeights): number {
  switch (driver) {
    case 'channelSwitches':
      return base.channelSwitch;
    case 'teamHandoffs':
      return base.teamHandoff;
    case 'agentHandoffs':
      return base.agentHandoff;
    case 'reopens':
      return base.reopen;
    case 'extraContacts':
      return base.extraContact;
    case 'repeatContact':
      return base.repeatContact;
    case 'notFirstContactResolution':
      return base.notFirstContactResolution;
    case 'slowResolution':
    case 'customerWait':
      return 1; // the base rule is one point per step
  }
}

/**
 * Index points per unit of a driver under `weights`, where `base` gives the duration steps:
 * a count's weight, or for a duration the points one base step earns (1 under the base itself).
 */
export function indexPointsPerUnit(driver: DriverName, weights: EffortWeights, base: EffortWeights): number {
  if (driver !== 'slowResolution' && driver !== 'customerWait') return baseIndexPoints(driver, weights);
  const baseMax = base[driver].maxPoints;
  return baseMax > 0 ? round2(weights[driver].maxPoints / baseMax) : 0;
}

/**
 * The weights to score with: `points` per driver where the model priced it, the base weight
 * elsewhere; levels stay the base's. A duration driver's points are per base step, so its
 * rule keeps the grace and spreads the points: `points` per step is one point every
 * `minutesPerPoint / points` minutes, up to `maxPoints * points`.
 */
export function weightsWithPoints(points: Partial<Record<DriverName, number>>, base: EffortWeights): EffortWeights {
  return {
    channelSwitch: points.channelSwitches ?? base.channelSwitch,
    teamHandoff: points.teamHandoffs ?? base.teamHandoff,
    agentHandoff: points.agentHandoffs ?? base.agentHandoff,
    reopen: points.reopens ?? base.reopen,
    extraContact: points.extraContacts ?? base.extraContact,
    repeatContact: points.repeatContact ?? base.repeatContact,
    notFirstContactResolution: points.notFirstContactResolution ?? base.notFirstContactResolution,
    slowResolution: spreadDuration(base.slowResolution, points.slowResolution),
    customerWait: spreadDuration(base.customerWait, points.customerWait),
    levels: { ...base.levels },
  };
}

function spreadDuration(base: DurationWeight, pointsPerStep: number | undefined): DurationWeight {
  if (pointsPerStep === undefined) return { ...base };
  if (pointsPerStep <= 0) return { ...base, maxPoints: 0 };
  return {
    graceMinutes: base.graceMinutes,
    minutesPerPoint: round2(base.minutesPerPoint / pointsPerStep),
    maxPoints: round2(base.maxPoints * pointsPerStep),
  };
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
