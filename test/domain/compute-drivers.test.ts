import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeDrivers } from '../../src/domain/compute-drivers.js';
import { DEFAULT_DRIVER_DEFINITIONS } from '../../src/domain/driver-definitions.js';
import type {
  AssignmentChange,
  CaseTimeline,
  Engagement,
  StatusChange,
  Touch,
  TouchActor,
} from '../../src/domain/timeline.js';

const T0 = new Date('2024-03-04T09:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const DAY = 24 * 60;

let nextId = 1;
function touch(minutes: number, actor: TouchActor, channel = 'email', isPublic = true): Touch {
  return { auditId: nextId++, at: at(minutes), actor, authorId: null, channel, public: isPublic };
}
const customer = (minutes: number, channel = 'email') => touch(minutes, 'customer', channel);
const reply = (minutes: number, channel = 'email') => touch(minutes, 'agent', channel);
const note = (minutes: number) => touch(minutes, 'agent', 'web', false);
function status(minutes: number, from: string | null, to: string): StatusChange {
  return { auditId: nextId++, at: at(minutes), from, to };
}
function assign(kind: 'group' | 'assignee', minutes: number, from: number | null, to: number | null): AssignmentChange {
  return { auditId: nextId++, at: at(minutes), kind, from, to };
}

function engage(minutes: number, agentId: number): Engagement {
  return { auditId: nextId++, at: at(minutes), agentId, tookOwnership: false };
}

function timeline(
  parts: Partial<Pick<CaseTimeline, 'touches' | 'assignments' | 'statusChanges' | 'engagements' | 'mergedTicketIds'>>,
): CaseTimeline {
  return { ticketId: 1, requesterId: 100, createdAt: T0, touches: [], assignments: [], statusChanges: [], ...parts };
}
const drivers = (t: CaseTimeline, others: Date[] = []) => computeDrivers(t, { requesterTicketsCreatedAt: others });
const ANY_CHANGE = { ...DEFAULT_DRIVER_DEFINITIONS, handoffs: 'any-change' as const };

describe('channelSwitches', () => {
  it.each([
    { channels: [], expected: 0 },
    { channels: ['email'], expected: 0 },
    { channels: ['email', 'email'], expected: 0 },
    { channels: ['email', 'voice', 'chat'], expected: 2 },
    { channels: ['email', 'voice', 'email'], expected: 2 },
    { channels: ['Email', 'EMAIL', 'email'], expected: 0 },
    { channels: ['whatsapp', 'native_messaging'], expected: 1 },
  ])('$channels -> $expected', ({ channels, expected }) => {
    const touches = channels.flatMap((channel, i) => [customer(i * 10, channel), reply(i * 10 + 5, 'web')]);
    expect(drivers(timeline({ touches })).channelSwitches).toBe(expected);
  });
});

describe('teamHandoffs and agentHandoffs', () => {
  const cases: Array<{ name: string; changes: Array<[number | null, number | null]>; expected: number }> = [
    { name: 'first assignment only', changes: [[null, 1]], expected: 0 },
    {
      name: 'first assignment then a move',
      changes: [
        [null, 1],
        [1, 2],
      ],
      expected: 1,
    },
    {
      name: 'two moves',
      changes: [
        [null, 1],
        [1, 2],
        [2, 3],
      ],
      expected: 2,
    },
    {
      name: 'unassigning does not count',
      changes: [
        [null, 1],
        [1, null],
      ],
      expected: 0,
    },
    {
      name: 'unassign then back to the same owner',
      changes: [
        [null, 1],
        [1, null],
        [null, 1],
      ],
      expected: 0,
    },
    {
      name: 'unassign then a different owner',
      changes: [
        [null, 1],
        [1, null],
        [null, 2],
      ],
      expected: 1,
    },
    { name: 'history starting mid-way with a move', changes: [[5, 6]], expected: 1 },
    {
      name: 'history starting with an unassignment, then a new owner',
      changes: [
        [5, null],
        [null, 6],
      ],
      expected: 1,
    },
    {
      name: 'no-op change to the same owner',
      changes: [
        [null, 1],
        [1, 1],
      ],
      expected: 0,
    },
  ];

  // The any-change rule counts every move; the table is the one it always had.
  it.each(cases)('any-change, group: $name -> $expected', ({ changes, expected }) => {
    const assignments = changes.map(([from, to], i) => assign('group', i * 10, from, to));
    const result = computeDrivers(timeline({ assignments }), { requesterTicketsCreatedAt: [] }, ANY_CHANGE);
    expect(result.teamHandoffs).toBe(expected);
    expect(result.agentHandoffs).toBe(0);
  });

  it.each(cases)('any-change, assignee: $name -> $expected', ({ changes, expected }) => {
    const assignments = changes.map(([from, to], i) => assign('assignee', i * 10, from, to));
    const result = computeDrivers(timeline({ assignments }), { requesterTicketsCreatedAt: [] }, ANY_CHANGE);
    expect(result.agentHandoffs).toBe(expected);
    expect(result.teamHandoffs).toBe(0);
  });

  /** The same moves with the owner engaging (as agent = owner id) a minute before each one. */
  function engagedBeforeEachMove(kind: 'group' | 'assignee', changes: Array<[number | null, number | null]>) {
    let owner: number | null = null;
    const engagements: Engagement[] = [];
    const assignments = changes.map(([from, to], i) => {
      const current = owner ?? from;
      if (current !== null) engagements.push(engage(i * 10 - 1, current));
      if (to !== null) owner = to;
      else owner = current;
      return assign(kind, i * 10, from, to);
    });
    return timeline({ assignments, engagements });
  }

  it.each(cases)('after-engagement, every owner engaged, group: $name -> $expected', ({ changes, expected }) => {
    expect(drivers(engagedBeforeEachMove('group', changes)).teamHandoffs).toBe(expected);
  });

  it.each(cases)('after-engagement, every owner engaged, assignee: $name -> $expected', ({ changes, expected }) => {
    expect(drivers(engagedBeforeEachMove('assignee', changes)).agentHandoffs).toBe(expected);
  });

  it.each(cases)('after-engagement, nobody engaged: $name -> 0', ({ changes }) => {
    const assignments = changes.flatMap(([from, to], i) => [
      assign('group', i * 10, from, to),
      assign('assignee', i * 10, from, to),
    ]);
    const result = drivers(timeline({ assignments }));
    expect({ team: result.teamHandoffs, agent: result.agentHandoffs }).toEqual({ team: 0, agent: 0 });
  });
});

describe('reopens, resolution and first contact resolution', () => {
  const cases: Array<{
    name: string;
    statuses: Array<[number, string | null, string]>;
    reopens: number;
    resolutionMinutes: number | null;
  }> = [
    {
      name: 'never solved',
      statuses: [
        [0, null, 'new'],
        [10, 'new', 'open'],
      ],
      reopens: 0,
      resolutionMinutes: null,
    },
    {
      name: 'solved once',
      statuses: [
        [0, null, 'new'],
        [290, 'new', 'solved'],
      ],
      reopens: 0,
      resolutionMinutes: 290,
    },
    {
      name: 'solved then closed: resolution stays at the solve',
      statuses: [
        [0, null, 'new'],
        [60, 'new', 'solved'],
        [4 * DAY, 'solved', 'closed'],
      ],
      reopens: 0,
      resolutionMinutes: 60,
    },
    {
      name: 'reopened to open then solved again: last solve counts',
      statuses: [
        [60, 'new', 'solved'],
        [120, 'solved', 'open'],
        [300, 'open', 'solved'],
      ],
      reopens: 1,
      resolutionMinutes: 300,
    },
    {
      name: 'reopened and still open',
      statuses: [
        [60, 'new', 'solved'],
        [120, 'solved', 'pending'],
      ],
      reopens: 1,
      resolutionMinutes: null,
    },
    {
      name: 'reopen to hold and to new both count',
      statuses: [
        [10, 'open', 'solved'],
        [20, 'solved', 'hold'],
        [30, 'hold', 'solved'],
        [40, 'solved', 'new'],
      ],
      reopens: 2,
      resolutionMinutes: null,
    },
    {
      name: 'missing from still detects the reopen',
      statuses: [
        [10, 'open', 'solved'],
        [20, null, 'open'],
      ],
      reopens: 1,
      resolutionMinutes: null,
    },
    {
      name: 'upper-case statuses',
      statuses: [
        [10, 'open', 'Solved'],
        [20, 'Solved', 'Open'],
        [30, 'Open', 'SOLVED'],
      ],
      reopens: 1,
      resolutionMinutes: 30,
    },
    {
      name: 'history starting at solved -> closed',
      statuses: [[500, 'solved', 'closed']],
      reopens: 0,
      resolutionMinutes: 500,
    },
  ];

  it.each(cases)('$name', ({ statuses, reopens, resolutionMinutes }) => {
    const result = drivers(timeline({ statusChanges: statuses.map(([m, from, to]) => status(m, from, to)) }));
    expect(result.reopens).toBe(reopens);
    expect(result.resolutionMinutes).toBe(resolutionMinutes);
  });

  it('rounds resolution to the nearest minute', () => {
    const statusChanges = [{ auditId: 1, at: new Date(T0.getTime() + 90_500), from: 'open', to: 'solved' }];
    expect(drivers(timeline({ statusChanges })).resolutionMinutes).toBe(2);
  });

  const solved = [status(60, 'open', 'solved')];
  const fcrCases: Array<{ name: string; t: CaseTimeline; fcr: boolean }> = [
    {
      name: 'one contact, solved',
      t: timeline({ touches: [customer(0), reply(30)], statusChanges: solved }),
      fcr: true,
    },
    { name: 'no customer contact, solved', t: timeline({ statusChanges: solved }), fcr: true },
    { name: 'not solved', t: timeline({ touches: [customer(0), reply(30)] }), fcr: false },
    {
      name: 'two contacts',
      t: timeline({ touches: [customer(0), customer(10), reply(30)], statusChanges: solved }),
      fcr: false,
    },
    {
      name: 'reopened then solved',
      t: timeline({ statusChanges: [...solved, status(70, 'solved', 'open'), status(80, 'open', 'solved')] }),
      fcr: false,
    },
    {
      name: 'team handoff (the first team had replied)',
      t: timeline({
        assignments: [assign('group', 0, null, 1), assign('group', 5, 1, 2)],
        engagements: [engage(2, 7)],
        statusChanges: solved,
      }),
      fcr: false,
    },
    {
      name: 'routed to a second team before anyone engaged',
      t: timeline({ assignments: [assign('group', 0, null, 1), assign('group', 5, 1, 2)], statusChanges: solved }),
      fcr: true,
    },
    {
      name: 'another ticket merged into this one',
      t: timeline({ touches: [customer(0), reply(30)], statusChanges: solved, mergedTicketIds: [77] }),
      fcr: false,
    },
    {
      name: 'agent handoff alone does not break FCR',
      t: timeline({
        assignments: [assign('assignee', 0, null, 1), assign('assignee', 5, 1, 2)],
        statusChanges: solved,
      }),
      fcr: true,
    },
  ];
  it.each(fcrCases)('firstContactResolution: $name -> $fcr', ({ t, fcr }) => {
    expect(drivers(t).firstContactResolution).toBe(fcr);
  });
});

describe('customerContacts and repeatContact', () => {
  it('counts customer touches, voice included, agent touches excluded', () => {
    const touches = [customer(0), reply(5), customer(10, 'voice'), note(12), customer(20, 'chat')];
    expect(drivers(timeline({ touches })).customerContacts).toBe(3);
  });

  it.each([
    { name: 'no other tickets', others: [], expected: false },
    { name: 'one a day earlier', others: [at(-DAY)], expected: true },
    { name: 'exactly 7 days earlier', others: [at(-7 * DAY)], expected: true },
    { name: 'just over 7 days earlier', others: [at(-7 * DAY - 1)], expected: false },
    { name: 'same instant as this ticket', others: [T0], expected: false },
    { name: 'created afterwards', others: [at(60)], expected: false },
    { name: 'one old, one recent', others: [at(-30 * DAY), at(-2 * DAY)], expected: true },
  ])('$name -> $expected', ({ others, expected }) => {
    expect(drivers(timeline({}), others).repeatContact).toBe(expected);
  });
});

describe('customerWaitMinutes', () => {
  const cases: Array<{ name: string; touches: Touch[]; statuses?: StatusChange[]; expected: number }> = [
    { name: 'no touches', touches: [], expected: 0 },
    { name: 'one reply after 30 min', touches: [customer(0), reply(30)], expected: 30 },
    { name: 'two rounds', touches: [customer(0), reply(30), customer(100), reply(160)], expected: 90 },
    {
      name: 'follow-ups wait from the first message',
      touches: [customer(0), customer(20), customer(40), reply(60)],
      expected: 60,
    },
    { name: 'internal notes do not end the wait', touches: [customer(0), note(10), reply(45)], expected: 45 },
    { name: 'agent writing first is no wait', touches: [reply(0), customer(10), reply(20)], expected: 10 },
    { name: 'unanswered and open: trailing wait is 0', touches: [customer(0), reply(10), customer(50)], expected: 10 },
    {
      name: 'unanswered and solved: wait until the solve',
      touches: [customer(0)],
      statuses: [status(120, 'open', 'solved')],
      expected: 120,
    },
    {
      name: 'solve before the last message does not end it',
      touches: [customer(0), reply(5), customer(200)],
      statuses: [status(100, 'open', 'solved'), status(200, 'solved', 'open')],
      expected: 5,
    },
  ];

  it.each(cases)('$name -> $expected', ({ touches, statuses, expected }) => {
    expect(drivers(timeline({ touches, statusChanges: statuses ?? [] })).customerWaitMinutes).toBe(expected);
  });
});

describe('computeDrivers properties', () => {
  const touchesArb = fc.array(
    fc.record({
      minutes: fc.integer({ min: 0, max: 10_000 }),
      actor: fc.constantFrom<TouchActor>('customer', 'agent'),
      channel: fc.constantFrom('email', 'voice', 'chat'),
      isPublic: fc.boolean(),
    }),
    { maxLength: 15 },
  );

  it('keeps counts consistent: switches < contacts, wait >= 0, FCR implies at most one contact', () => {
    fc.assert(
      fc.property(touchesArb, fc.boolean(), (specs, solvedAtEnd) => {
        const touches = specs.map((s) => touch(s.minutes, s.actor, s.channel, s.isPublic));
        const statusChanges = solvedAtEnd ? [status(20_000, 'open', 'solved')] : [];
        const result = drivers(timeline({ touches, statusChanges }));
        expect(result.channelSwitches).toBeLessThanOrEqual(Math.max(0, result.customerContacts - 1));
        expect(result.customerWaitMinutes).toBeGreaterThanOrEqual(0);
        if (result.firstContactResolution) expect(result.customerContacts).toBeLessThanOrEqual(1);
        expect(result.resolutionMinutes === null).toBe(!solvedAtEnd);
      }),
    );
  });
});
