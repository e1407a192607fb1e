import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AuditEvent, TicketAudit } from '../../src/domain/audit.js';
import { buildTimeline } from '../../src/domain/build-timeline.js';

const REQUESTER = 100;
const AGENT = 200;
const BOT = 900;
const T0 = new Date('2024-03-04T09:00:00Z');

function at(minutes: number): Date {
  return new Date(T0.getTime() + minutes * 60_000);
}

function audit(
  id: number,
  minutes: number,
  channel: string,
  authorId: number | null,
  events: AuditEvent[],
): TicketAudit {
  return { id, ticketId: 1, createdAt: at(minutes), authorId, channel, events };
}

function comment(authorId: number | null, options: { public?: boolean; voice?: boolean } = {}): AuditEvent {
  return { kind: 'comment', authorId, public: options.public ?? true, voice: options.voice ?? false };
}

function build(audits: TicketAudit[], overrides: { requesterId?: number | null; botUserId?: number | null } = {}) {
  return buildTimeline({
    ticketId: 1,
    requesterId: overrides.requesterId === undefined ? REQUESTER : overrides.requesterId,
    createdAt: T0,
    audits,
    botUserId: overrides.botUserId === undefined ? BOT : overrides.botUserId,
  });
}

describe('buildTimeline touches', () => {
  const cases: Array<{
    name: string;
    audit: TicketAudit;
    requesterId?: number | null;
    expected: Array<{ actor: string; channel: string; public: boolean }>;
  }> = [
    {
      name: 'requester comment is a customer touch',
      audit: audit(1, 0, 'email', REQUESTER, [comment(REQUESTER)]),
      expected: [{ actor: 'customer', channel: 'email', public: true }],
    },
    {
      name: 'agent comment is an agent touch',
      audit: audit(1, 0, 'web', AGENT, [comment(AGENT)]),
      expected: [{ actor: 'agent', channel: 'web', public: true }],
    },
    {
      name: 'private agent note keeps public=false',
      audit: audit(1, 0, 'web', AGENT, [comment(AGENT, { public: false })]),
      expected: [{ actor: 'agent', channel: 'web', public: false }],
    },
    {
      name: 'voice comment logged by an agent is a customer touch',
      audit: audit(1, 0, 'voice', AGENT, [comment(AGENT, { voice: true })]),
      expected: [{ actor: 'customer', channel: 'voice', public: true }],
    },
    { name: 'rule audit yields no touch', audit: audit(1, 0, 'rule', null, [comment(AGENT)]), expected: [] },
    { name: 'system audit yields no touch', audit: audit(1, 0, 'system', null, [comment(REQUESTER)]), expected: [] },
    {
      name: 'upper-case RULE channel yields no touch',
      audit: audit(1, 0, 'RULE', null, [comment(AGENT)]),
      expected: [],
    },
    {
      name: 'bot api audit yields no touch',
      audit: audit(1, 0, 'api', BOT, [comment(BOT, { public: false })]),
      expected: [],
    },
    {
      name: 'api audit with a comment authored as the bot yields no touch',
      audit: audit(1, 0, 'api', AGENT, [comment(BOT)]),
      expected: [],
    },
    {
      name: 'api audit from another integration user is an agent touch',
      audit: audit(1, 0, 'api', AGENT, [comment(AGENT)]),
      expected: [{ actor: 'agent', channel: 'api', public: true }],
    },
    {
      name: 'requester writing through the api is a customer touch',
      audit: audit(1, 0, 'api', REQUESTER, [comment(REQUESTER)]),
      expected: [{ actor: 'customer', channel: 'api', public: true }],
    },
    {
      name: 'anonymous comment with unknown requester is an agent touch',
      audit: audit(1, 0, 'web', null, [comment(null)]),
      requesterId: null,
      expected: [{ actor: 'agent', channel: 'web', public: true }],
    },
  ];

  it.each(cases)('$name', ({ audit: a, requesterId, expected }) => {
    const timeline = build([a], { requesterId });
    expect(timeline.touches.map((t) => ({ actor: t.actor, channel: t.channel, public: t.public }))).toEqual(expected);
  });

  it('with no known bot user, an api audit by anyone yields touches', () => {
    const timeline = build([audit(1, 0, 'api', BOT, [comment(BOT)])], { botUserId: null });
    expect(timeline.touches).toHaveLength(1);
  });

  it('records audit id, time and comment author on each touch', () => {
    const timeline = build([audit(7, 30, 'email', AGENT, [comment(AGENT)])]);
    expect(timeline.touches[0]).toEqual({
      auditId: 7,
      at: at(30),
      actor: 'agent',
      authorId: AGENT,
      channel: 'email',
      public: true,
    });
  });
});

describe('buildTimeline assignments and statuses', () => {
  const routing: AuditEvent[] = [
    { kind: 'group', value: 20, previous: 10 },
    { kind: 'assignee', value: null, previous: AGENT },
    { kind: 'status', value: 'open', previous: 'new' },
  ];
  const cases: Array<{ name: string; audit: TicketAudit; kept: boolean }> = [
    { name: 'agent change in the web UI', audit: audit(1, 0, 'web', AGENT, routing), kept: true },
    { name: 'trigger (rule) reassigning the ticket', audit: audit(1, 0, 'rule', null, routing), kept: true },
    { name: 'system change', audit: audit(1, 0, 'system', null, routing), kept: true },
    { name: "the bot's own api audit", audit: audit(1, 0, 'api', BOT, routing), kept: false },
    { name: 'another api user', audit: audit(1, 0, 'api', AGENT, routing), kept: true },
  ];

  it.each(cases)('$name kept=$kept', ({ audit: a, kept }) => {
    const timeline = build([a]);
    expect(timeline.assignments).toEqual(
      kept
        ? [
            { auditId: 1, at: at(0), kind: 'group', from: 10, to: 20 },
            { auditId: 1, at: at(0), kind: 'assignee', from: AGENT, to: null },
          ]
        : [],
    );
    expect(timeline.statusChanges).toEqual(kept ? [{ auditId: 1, at: at(0), from: 'new', to: 'open' }] : []);
  });
});

describe('buildTimeline ordering and de-duplication', () => {
  it('orders by createdAt, then by audit id on equal times', () => {
    const audits = [
      audit(3, 10, 'web', AGENT, [comment(AGENT)]),
      audit(2, 5, 'email', REQUESTER, [comment(REQUESTER)]),
      audit(1, 10, 'voice', AGENT, [comment(AGENT, { voice: true })]),
    ];
    expect(build(audits).touches.map((t) => t.auditId)).toEqual([2, 1, 3]);
  });

  it('keeps one copy of an audit delivered twice', () => {
    const first = audit(5, 0, 'email', REQUESTER, [
      comment(REQUESTER),
      { kind: 'status', value: 'new', previous: null },
    ]);
    const timeline = build([first, { ...first }, first]);
    expect(timeline.touches).toHaveLength(1);
    expect(timeline.statusChanges).toHaveLength(1);
  });

  it('passes ticket id, requester and creation time through', () => {
    const timeline = build([]);
    expect(timeline).toEqual({
      ticketId: 1,
      requesterId: REQUESTER,
      createdAt: T0,
      touches: [],
      assignments: [],
      statusChanges: [],
      engagements: [],
      mergedTicketIds: [],
    });
  });
});

describe('buildTimeline properties', () => {
  const eventArb: fc.Arbitrary<AuditEvent> = fc.oneof(
    fc.record({
      kind: fc.constant('comment' as const),
      authorId: fc.constantFrom(REQUESTER, AGENT, BOT, null),
      public: fc.boolean(),
      voice: fc.boolean(),
    }),
    fc.record({
      kind: fc.constant('status' as const),
      value: fc.constantFrom('new', 'open', 'pending', 'solved'),
      previous: fc.constantFrom('new', 'open', null),
    }),
    fc.record({
      kind: fc.constant('group' as const),
      value: fc.constantFrom(1, 2, null),
      previous: fc.constantFrom(1, 2, null),
    }),
  );
  // Unique ids: an id identifies one audit's content, as it does in Zendesk.
  const auditsArb = fc.uniqueArray(
    fc.record({
      id: fc.integer({ min: 1, max: 10_000 }),
      ticketId: fc.constant(1),
      createdAt: fc.integer({ min: 0, max: 20 }).map(at), // few distinct times, so ties are common
      authorId: fc.constantFrom(REQUESTER, AGENT, BOT, null),
      channel: fc.constantFrom('email', 'web', 'voice', 'api', 'rule'),
      events: fc.array(eventArb, { maxLength: 3 }),
    }),
    { selector: (a) => a.id, maxLength: 12 },
  );

  it('does not depend on the order or repetition of the input audits', () => {
    fc.assert(
      fc.property(auditsArb, fc.func(fc.integer()), (audits, key) => {
        const shuffled = [...audits, ...audits.slice(0, 2)].sort((a, b) => key(a.id) - key(b.id) || b.id - a.id);
        expect(build(shuffled)).toEqual(build(audits));
      }),
    );
  });

  it('emits touches in non-decreasing time order', () => {
    fc.assert(
      fc.property(auditsArb, (audits) => {
        const times = build(audits).touches.map((t) => t.at.getTime());
        expect(times).toEqual([...times].sort((a, b) => a - b));
      }),
    );
  });
});
