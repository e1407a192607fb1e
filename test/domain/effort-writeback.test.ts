import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EffortDrivers, EffortLevel } from '../../src/domain/drivers.js';
import { scoreEffort } from '../../src/domain/effort-index.js';
import { planEffortWriteback } from '../../src/domain/effort-writeback.js';
import { CONTRACT_DRIVERS } from '../support/contract-drivers.js';

function plan(drivers: EffortDrivers, options: { effortFieldId?: number | null; currentTags?: string[] } = {}) {
  return planEffortWriteback({
    ticketId: 501,
    score: scoreEffort(drivers),
    drivers,
    effortFieldId: options.effortFieldId === undefined ? 360001 : options.effortFieldId,
    currentTags: options.currentTags ?? [],
  });
}

describe('planEffortWriteback tags', () => {
  const cases: Array<{
    name: string;
    drivers: EffortDrivers;
    level: EffortLevel;
    currentTags: string[];
    add: string[];
    remove: string[];
  }> = [
    {
      name: 'fresh ticket',
      drivers: CONTRACT_DRIVERS,
      level: 'medium',
      currentTags: ['vip'],
      add: ['effort_medium'],
      remove: [],
    },
    {
      name: 'level went up from low',
      drivers: CONTRACT_DRIVERS,
      level: 'medium',
      currentTags: ['effort_low', 'vip'],
      add: ['effort_medium'],
      remove: ['effort_low'],
    },
    {
      name: 'both stale levels present',
      drivers: CONTRACT_DRIVERS,
      level: 'medium',
      currentTags: ['effort_low', 'effort_high'],
      add: ['effort_medium'],
      remove: ['effort_low', 'effort_high'],
    },
    {
      name: 'same level already tagged',
      drivers: CONTRACT_DRIVERS,
      level: 'medium',
      currentTags: ['effort_medium'],
      add: ['effort_medium'],
      remove: [],
    },
    {
      name: 'low case',
      drivers: { ...CONTRACT_DRIVERS, channelSwitches: 0, teamHandoffs: 0 },
      level: 'low',
      currentTags: ['effort_high'],
      add: ['effort_low'],
      remove: ['effort_high'],
    },
    {
      name: 'high case',
      drivers: { ...CONTRACT_DRIVERS, reopens: 1 },
      level: 'high',
      currentTags: ['effort_medium', 'effort_mediums'],
      add: ['effort_high'],
      remove: ['effort_medium'],
    },
  ];

  it.each(cases)('$name', ({ drivers, level, currentTags, add, remove }) => {
    expect(scoreEffort(drivers).level).toBe(level);
    const { update } = plan(drivers, { currentTags });
    expect(update.addTags).toEqual(add);
    expect(update.removeTags).toEqual(remove);
  });
});

describe('planEffortWriteback custom field', () => {
  it.each([
    { effortFieldId: 360001, expected: [{ id: 360001, value: 62 }] },
    { effortFieldId: null, expected: [] },
  ])('field $effortFieldId', ({ effortFieldId, expected }) => {
    expect(plan(CONTRACT_DRIVERS, { effortFieldId }).update.customFields).toEqual(expected);
  });
});

describe('planEffortWriteback internal note', () => {
  it('lists the index, each contribution and the raw drivers', () => {
    expect(plan(CONTRACT_DRIVERS).update.internalNote).toBe(
      [
        'Effortless: effort index 62/100 (medium)',
        '- 2 channel switches: +24',
        '- 2 team handoffs: +20',
        '- 1 agent handoff: +6',
        '- 2 extra contacts: +6',
        '- not resolved on first contact: +6',
        'Contacts: 3; resolved in 4h 50min; customer waited 0min',
      ].join('\n'),
    );
  });

  it('says when the case is not resolved and shows long waits in hours', () => {
    const drivers: EffortDrivers = {
      ...CONTRACT_DRIVERS,
      channelSwitches: 0,
      teamHandoffs: 0,
      agentHandoffs: 0,
      customerContacts: 1,
      resolutionMinutes: null,
      customerWaitMinutes: 6 * 60 + 5,
    };
    expect(plan(drivers).update.internalNote).toBe(
      [
        'Effortless: effort index 2/100 (low)',
        '- customer waited 6h 5min: +2',
        'Contacts: 1; not resolved; customer waited 6h 5min',
      ].join('\n'),
    );
  });
});

describe('planEffortWriteback stateKey', () => {
  const driversArb: fc.Arbitrary<EffortDrivers> = fc.record({
    channelSwitches: fc.nat(5),
    teamHandoffs: fc.nat(5),
    agentHandoffs: fc.nat(5),
    reopens: fc.nat(3),
    customerContacts: fc.nat(6),
    repeatContact: fc.boolean(),
    firstContactResolution: fc.boolean(),
    resolutionMinutes: fc.option(fc.nat(10_000)),
    customerWaitMinutes: fc.nat(2_000),
  });

  it('is a sha256 hex string', () => {
    expect(plan(CONTRACT_DRIVERS).stateKey).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is the same for the same state whatever the current tags or driver key order', () => {
    fc.assert(
      fc.property(driversArb, fc.array(fc.constantFrom('effort_low', 'effort_high', 'vip')), (drivers, tags) => {
        const reversed = Object.fromEntries(Object.entries(drivers).reverse()) as unknown as EffortDrivers;
        expect(plan(reversed, { currentTags: tags }).stateKey).toBe(plan(drivers).stateKey);
      }),
    );
  });

  it('differs whenever a driver differs', () => {
    fc.assert(
      fc.property(driversArb, driversArb, (a, b) => {
        fc.pre(JSON.stringify(a) !== JSON.stringify(b));
        expect(plan(a).stateKey).not.toBe(plan(b).stateKey);
      }),
    );
  });

  it('changes when the effort field is configured, so the field gets written', () => {
    expect(plan(CONTRACT_DRIVERS, { effortFieldId: null }).stateKey).not.toBe(plan(CONTRACT_DRIVERS).stateKey);
  });
});
