import { describe, expect, it } from 'vitest';
import type { EffortDrivers } from '../../../src/domain/drivers.js';
import { DEFAULT_EFFORT_WEIGHTS, mergeEffortWeights, scoreEffort } from '../../../src/domain/effort-index.js';
import {
  driverFeatures,
  driverUnit,
  indexPointsPerUnit,
  MODEL_DRIVERS,
} from '../../../src/domain/effort-model/index.js';

const drivers: EffortDrivers = {
  channelSwitches: 2,
  teamHandoffs: 1,
  agentHandoffs: 3,
  reopens: 1,
  customerContacts: 4,
  repeatContact: true,
  firstContactResolution: false,
  resolutionMinutes: 24 * 60 + 17 * 60, // 17 h beyond the 24 h grace: 2 whole 8 h steps
  customerWaitMinutes: 4 * 60 + 150, // 2.5 h beyond the 4 h grace: 2 whole steps
};

describe('driverFeatures', () => {
  it('gives counts, flags and whole duration steps in MODEL_DRIVERS order', () => {
    expect(driverFeatures(drivers)).toEqual([2, 1, 3, 1, 3, 1, 1, 2, 2]);
  });

  it('uses the same units the default index weighs: default points are features times weights', () => {
    const w = DEFAULT_EFFORT_WEIGHTS;
    const perUnit = [w.channelSwitch, w.teamHandoff, w.agentHandoff, w.reopen, w.extraContact, w.repeatContact];
    const f = driverFeatures(drivers);
    const points =
      perUnit.reduce((sum, weight, j) => sum + weight * f[j]!, 0) + w.notFirstContactResolution + f[7]! + f[8]!;
    expect(scoreEffort(drivers).index).toBe(Math.min(100, points));
  });

  it('does not count an unsolved case as failing first-contact resolution', () => {
    const open = driverFeatures({ ...drivers, resolutionMinutes: null });
    expect(open[MODEL_DRIVERS.indexOf('notFirstContactResolution')]).toBe(0);
    expect(open[MODEL_DRIVERS.indexOf('slowResolution')]).toBe(0);
  });

  it('takes the duration steps from the configured weights', () => {
    const base = mergeEffortWeights({ customerWait: { graceMinutes: 60, minutesPerPoint: 30 } });
    expect(driverFeatures(drivers, base)[8]).toBe(10); // 330 min beyond 60: 11 steps, capped at 10
    expect(driverUnit('customerWait', base)).toBe('each 30min beyond 1h the customer waited');
    expect(driverUnit('slowResolution')).toBe('each 8h beyond 24h to resolve');
  });
});

describe('indexPointsPerUnit', () => {
  it('reads a count weight as it is, and a duration as points per base step', () => {
    const fitted = mergeEffortWeights({ teamHandoff: 7.5, customerWait: { minutesPerPoint: 30, maxPoints: 20 } });
    expect(indexPointsPerUnit('teamHandoffs', fitted, DEFAULT_EFFORT_WEIGHTS)).toBe(7.5);
    expect(indexPointsPerUnit('customerWait', fitted, DEFAULT_EFFORT_WEIGHTS)).toBe(2);
    expect(indexPointsPerUnit('slowResolution', DEFAULT_EFFORT_WEIGHTS, DEFAULT_EFFORT_WEIGHTS)).toBe(1);
  });
});
