import fc from 'fast-check';
import { CONTRACT_DRIVERS } from '../support/contract-drivers.js';
import { describe, expect, it } from 'vitest';
import type { DriverName, EffortDrivers } from '../../src/domain/drivers.js';
import {
  DEFAULT_EFFORT_WEIGHTS,
  effortIndexOf,
  formatMinutes,
  mergeEffortWeights,
  scoreEffort,
} from '../../src/domain/effort-index.js';

const CALM: EffortDrivers = {
  channelSwitches: 0,
  teamHandoffs: 0,
  agentHandoffs: 0,
  reopens: 0,
  customerContacts: 1,
  repeatContact: false,
  firstContactResolution: true,
  resolutionMinutes: 30,
  customerWaitMinutes: 0,
};
const drivers = (overrides: Partial<EffortDrivers>): EffortDrivers => ({ ...CALM, ...overrides });
const HOUR = 60;

describe('scoreEffort with default weights', () => {
  it('scores the CONTRACT example at exactly 62 (medium)', () => {
    const score = scoreEffort(CONTRACT_DRIVERS);
    expect(score.index).toBe(62);
    expect(score.level).toBe('medium');
    expect(score.contributions).toEqual([
      { driver: 'channelSwitches', points: 24, detail: '2 channel switches x 12' },
      { driver: 'teamHandoffs', points: 20, detail: '2 team handoffs x 10' },
      { driver: 'agentHandoffs', points: 6, detail: '1 agent handoff x 6' },
      { driver: 'extraContacts', points: 6, detail: '2 extra contacts x 3' },
      { driver: 'notFirstContactResolution', points: 6, detail: 'not resolved on first contact' },
    ]);
  });

  it('gives a calm case 0 and no contributions', () => {
    expect(scoreEffort(CALM)).toEqual({ index: 0, level: 'low', contributions: [] });
  });

  const single: Array<{ name: string; input: Partial<EffortDrivers>; driver: DriverName; points: number }> = [
    { name: '1 channel switch', input: { channelSwitches: 1 }, driver: 'channelSwitches', points: 12 },
    { name: '3 team handoffs', input: { teamHandoffs: 3 }, driver: 'teamHandoffs', points: 30 },
    { name: '2 agent handoffs', input: { agentHandoffs: 2 }, driver: 'agentHandoffs', points: 12 },
    { name: '1 reopen', input: { reopens: 1 }, driver: 'reopens', points: 15 },
    { name: '4 contacts = 3 extra', input: { customerContacts: 4 }, driver: 'extraContacts', points: 9 },
    { name: 'repeat contact', input: { repeatContact: true }, driver: 'repeatContact', points: 12 },
    {
      name: 'resolved without FCR',
      input: { firstContactResolution: false },
      driver: 'notFirstContactResolution',
      points: 6,
    },
    {
      name: 'resolution 24h + 8h = 1 step',
      input: { resolutionMinutes: 32 * HOUR },
      driver: 'slowResolution',
      points: 1,
    },
    {
      name: 'resolution 24h + 23h59 = 2 steps',
      input: { resolutionMinutes: 48 * HOUR - 1 },
      driver: 'slowResolution',
      points: 2,
    },
    {
      name: 'resolution capped at 10',
      input: { resolutionMinutes: 30 * 24 * HOUR },
      driver: 'slowResolution',
      points: 10,
    },
    { name: 'wait 4h + 1h = 1 step', input: { customerWaitMinutes: 5 * HOUR }, driver: 'customerWait', points: 1 },
    {
      name: 'wait 4h + 2h59 = 2 steps',
      input: { customerWaitMinutes: 7 * HOUR - 1 },
      driver: 'customerWait',
      points: 2,
    },
    { name: 'wait capped at 10', input: { customerWaitMinutes: 100 * HOUR }, driver: 'customerWait', points: 10 },
  ];
  it.each(single)('$name -> $points', ({ input, driver, points }) => {
    const score = scoreEffort(drivers(input));
    expect(score.contributions.map((c) => [c.driver, c.points])).toEqual([[driver, points]]);
    expect(score.index).toBe(points);
  });

  const nothing: Array<{ name: string; input: Partial<EffortDrivers> }> = [
    { name: 'no contact at all', input: { customerContacts: 0 } },
    {
      name: 'unresolved ticket without FCR is not penalised yet',
      input: { resolutionMinutes: null, firstContactResolution: false },
    },
    { name: 'resolution within 24h + 8h', input: { resolutionMinutes: 32 * HOUR - 1 } },
    { name: 'wait within 4h + 1h', input: { customerWaitMinutes: 5 * HOUR - 1 } },
  ];
  it.each(nothing)('$name -> 0', ({ input }) => {
    expect(scoreEffort(drivers(input)).index).toBe(0);
  });

  it.each([
    { input: { reopens: 1, channelSwitches: 1, agentHandoffs: 1 }, index: 33, level: 'low' },
    { input: { channelSwitches: 1, teamHandoffs: 1, agentHandoffs: 2 }, index: 34, level: 'medium' },
    { input: { reopens: 2, channelSwitches: 3 }, index: 66, level: 'medium' },
    { input: { reopens: 3, teamHandoffs: 1, channelSwitches: 1 }, index: 67, level: 'high' },
    { input: { reopens: 10, channelSwitches: 10 }, index: 100, level: 'high' },
  ] as const)('levels: $input -> $index $level', ({ input, index, level }) => {
    const score = scoreEffort(drivers(input));
    expect([score.index, score.level]).toEqual([index, level]);
  });

  it('sorts contributions by points, highest first', () => {
    const points = scoreEffort(drivers({ agentHandoffs: 1, reopens: 1, channelSwitches: 1 })).contributions.map(
      (c) => c.points,
    );
    expect(points).toEqual([15, 12, 6]);
  });

  it('describes duration drivers with their rule', () => {
    const [wait] = scoreEffort(drivers({ customerWaitMinutes: 6 * HOUR + 10 })).contributions;
    expect(wait?.detail).toBe('customer waited 6h 10min, 1 per 1h beyond 4h (max 10)');
  });
});

describe('scoreEffort with custom weights', () => {
  it('uses the given weights and level thresholds', () => {
    const weights = mergeEffortWeights({ channelSwitch: 30, levels: { high: 50 } });
    const score = scoreEffort(drivers({ channelSwitches: 2 }), weights);
    expect(score).toMatchObject({ index: 60, level: 'high' });
    expect(score.contributions[0]?.detail).toBe('2 channel switches x 30');
  });
});

describe('mergeEffortWeights', () => {
  it('returns the defaults for an empty override', () => {
    expect(mergeEffortWeights({})).toEqual(DEFAULT_EFFORT_WEIGHTS);
  });

  it('overrides top-level and nested values and keeps the rest', () => {
    const merged = mergeEffortWeights({ reopen: 20, customerWait: { graceMinutes: 120 }, levels: { medium: 30 } });
    expect(merged.reopen).toBe(20);
    expect(merged.teamHandoff).toBe(10);
    expect(merged.customerWait).toEqual({ graceMinutes: 120, minutesPerPoint: 60, maxPoints: 10 });
    expect(merged.levels).toEqual({ medium: 30, high: 67 });
  });

  it('ignores keys explicitly set to undefined', () => {
    expect(mergeEffortWeights({ reopen: undefined, levels: { high: undefined } })).toEqual(DEFAULT_EFFORT_WEIGHTS);
  });

  it('never mutates the defaults', () => {
    const merged = mergeEffortWeights({});
    merged.levels.high = 1;
    expect(DEFAULT_EFFORT_WEIGHTS.levels.high).toBe(67);
  });
});

describe('formatMinutes', () => {
  it.each([
    [0, '0min'],
    [50, '50min'],
    [60, '1h'],
    [290, '4h 50min'],
    [32 * 60, '32h'],
  ])('%i -> %s', (minutes, text) => {
    expect(formatMinutes(minutes)).toBe(text);
  });
});

describe('scoreEffort properties', () => {
  const count = fc.integer({ min: 0, max: 30 });
  const driversArb: fc.Arbitrary<EffortDrivers> = fc.record({
    channelSwitches: count,
    teamHandoffs: count,
    agentHandoffs: count,
    reopens: count,
    customerContacts: count,
    repeatContact: fc.boolean(),
    firstContactResolution: fc.boolean(),
    resolutionMinutes: fc.option(fc.integer({ min: 0, max: 60 * 24 * 60 })),
    customerWaitMinutes: fc.integer({ min: 0, max: 60 * 24 * 60 }),
  });
  const countDrivers = [
    'channelSwitches',
    'teamHandoffs',
    'agentHandoffs',
    'reopens',
    'customerContacts',
    'customerWaitMinutes',
  ] as const;

  it('index is an integer in 0..100 and the level matches the thresholds', () => {
    fc.assert(
      fc.property(driversArb, (d) => {
        const { index, level } = scoreEffort(d);
        expect(Number.isInteger(index) && index >= 0 && index <= 100).toBe(true);
        expect(level).toBe(index >= 67 ? 'high' : index >= 34 ? 'medium' : 'low');
      }),
    );
  });

  it('index never decreases when one count driver increases', () => {
    fc.assert(
      fc.property(driversArb, fc.constantFrom(...countDrivers), fc.integer({ min: 1, max: 600 }), (d, driver, step) => {
        const more = { ...d, [driver]: d[driver] + step };
        expect(scoreEffort(more).index).toBeGreaterThanOrEqual(scoreEffort(d).index);
      }),
    );
  });

  it('index equals the sum of contributions below the cap, and every contribution is positive', () => {
    fc.assert(
      fc.property(driversArb, (d) => {
        const { index, contributions } = scoreEffort(d);
        const sum = contributions.reduce((total, c) => total + c.points, 0);
        expect(index).toBe(Math.min(100, sum));
        expect(contributions.every((c) => c.points > 0)).toBe(true);
      }),
    );
  });

  it("effortIndexOf gives scoreEffort's index, with fractional fitted weights too", () => {
    const fitted = mergeEffortWeights({
      teamHandoff: 11.2,
      reopen: 13.64,
      channelSwitch: 0,
      customerWait: { minutesPerPoint: 68.97, maxPoints: 8.7 },
    });
    fc.assert(
      fc.property(driversArb, (d) => {
        expect(effortIndexOf(d)).toBe(scoreEffort(d).index);
        expect(effortIndexOf(d, fitted)).toBe(scoreEffort(d, fitted).index);
      }),
    );
  });
});
