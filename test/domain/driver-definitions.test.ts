import { describe, expect, it } from 'vitest';
import type { AuditEvent, TicketAudit } from '../../src/domain/audit.js';
import { buildTimeline } from '../../src/domain/build-timeline.js';
import {
  channelFamily,
  DEFAULT_DRIVER_DEFINITIONS,
  mergeDriverDefinitions,
} from '../../src/domain/driver-definitions.js';
import { isRepeatContact, type DriverContext } from '../../src/domain/repeat-contact.js';

const T0 = new Date('2025-04-07T09:00:00Z');
const DAY_MS = 86_400_000;
const daysBefore = (days: number) => new Date(T0.getTime() - days * DAY_MS);

describe('channel families', () => {
  const families = DEFAULT_DRIVER_DEFINITIONS.channelFamilies;
  it.each([
    ['email', 'web', true],
    ['web_form', 'API', true],
    ['mobile_sdk', 'email', true],
    ['voice', 'voicemail', true],
    ['chat', 'native_messaging', true],
    ['sms', 'whatsapp', true],
    ['twitter', 'facebook', true],
    ['email', 'voice', false],
    ['chat', 'whatsapp', false],
    ['something_new', 'something_else', false],
    ['something_new', 'SOMETHING_NEW', true],
  ])('%s and %s share a family: %s', (a, b, same) => {
    expect(channelFamily(a, families) === channelFamily(b, families)).toBe(same);
  });

  it('a configured family takes its channels out of the default families', () => {
    const merged = mergeDriverDefinitions({
      channelFamilies: { 'chat-messaging': ['chat', 'native_messaging', 'WhatsApp'] },
    });
    expect(channelFamily('whatsapp', merged.channelFamilies)).toBe('chat-messaging');
    expect(channelFamily('sms', merged.channelFamilies)).toBe('sms-whatsapp');
    expect(channelFamily('email', merged.channelFamilies)).toBe('written');
  });

  it('without configuration the defaults apply', () => {
    expect(mergeDriverDefinitions({})).toEqual(DEFAULT_DRIVER_DEFINITIONS);
  });
});

describe('repeat contact', () => {
  const topicContext = (others: Array<{ days: number; formId: number | null; tags: string[] }>): DriverContext => ({
    requesterTicketsCreatedAt: others.map((o) => daysBefore(o.days)),
    topic: {
      ticket: { formId: 10, tags: ['billing', 'vip'] },
      requesterTickets: others.map((o) => ({ createdAt: daysBefore(o.days), formId: o.formId, tags: o.tags })),
    },
  });
  const rule = (sameTopic: 'any' | 'form' | 'tags', windowDays = 7) => ({
    windowDays,
    sameTopic,
    tags: ['billing', 'login'],
  });

  it.each([
    { name: 'any topic, 3 days before', others: [{ days: 3, formId: 11, tags: [] }], r: rule('any'), expected: true },
    {
      name: 'window of 2 days, 3 days before',
      others: [{ days: 3, formId: 10, tags: [] }],
      r: rule('any', 2),
      expected: false,
    },
    { name: 'same form', others: [{ days: 3, formId: 10, tags: [] }], r: rule('form'), expected: true },
    { name: 'other form', others: [{ days: 3, formId: 11, tags: ['billing'] }], r: rule('form'), expected: false },
    { name: 'shared topic tag', others: [{ days: 3, formId: 11, tags: ['billing'] }], r: rule('tags'), expected: true },
    {
      name: 'shared tag outside the topic set',
      others: [{ days: 3, formId: 11, tags: ['vip'] }],
      r: rule('tags'),
      expected: false,
    },
    {
      name: 'same form but outside the window',
      others: [{ days: 8, formId: 10, tags: [] }],
      r: rule('form'),
      expected: false,
    },
  ])('$name -> $expected', ({ others, r, expected }) => {
    expect(isRepeatContact(T0, topicContext(others), r)).toBe(expected);
  });

  it('without topic data, a topic rule falls back to any ticket in the window', () => {
    expect(isRepeatContact(T0, { requesterTicketsCreatedAt: [daysBefore(1)] }, rule('form'))).toBe(true);
  });
});

describe('engagement in the timeline', () => {
  const REQUESTER = 100;
  const AGENT = 200;
  const audit = (id: number, channel: string, authorId: number | null, events: AuditEvent[]): TicketAudit => ({
    id,
    ticketId: 1,
    createdAt: new Date(T0.getTime() + id * 60_000),
    authorId,
    channel,
    events,
  });
  const comment = (
    authorId: number | null,
    extra: Partial<Extract<AuditEvent, { kind: 'comment' }>> = {},
  ): AuditEvent => ({
    kind: 'comment',
    authorId,
    public: true,
    voice: false,
    ...extra,
  });
  const engagedBy = (a: TicketAudit) =>
    buildTimeline({ ticketId: 1, requesterId: REQUESTER, createdAt: T0, audits: [a], botUserId: 900 }).engagements?.map(
      (e) => e.agentId,
    );

  it.each([
    { name: 'public agent reply', a: audit(1, 'web', AGENT, [comment(AGENT)]), agents: [AGENT] },
    { name: 'internal note', a: audit(1, 'web', AGENT, [comment(AGENT, { public: false })]), agents: [] },
    {
      name: 'answered call',
      a: audit(1, 'voice', AGENT, [comment(AGENT, { public: false, voice: true, call: 'inbound' })]),
      agents: [AGENT],
    },
    {
      name: 'voicemail',
      a: audit(1, 'voice', AGENT, [comment(AGENT, { public: false, voice: true, call: 'voicemail' })]),
      agents: [],
    },
    {
      name: 'agent sets pending',
      a: audit(1, 'web', AGENT, [{ kind: 'status', value: 'pending', previous: 'open' }]),
      agents: [AGENT],
    },
    {
      name: 'agent opens a new ticket',
      a: audit(1, 'web', AGENT, [{ kind: 'status', value: 'open', previous: 'new' }]),
      agents: [],
    },
    { name: 'agent only reassigns', a: audit(1, 'web', AGENT, [{ kind: 'group', value: 2, previous: 1 }]), agents: [] },
    {
      name: 'trigger reply and solve',
      a: audit(1, 'rule', null, [comment(AGENT), { kind: 'status', value: 'solved', previous: 'open' }]),
      agents: [],
    },
    {
      name: 'routing by the system user',
      a: audit(1, 'web', null, [{ kind: 'assignee', value: AGENT, previous: null }]),
      agents: [],
    },
    {
      name: 'requester solves their own ticket',
      a: audit(1, 'web', REQUESTER, [comment(REQUESTER), { kind: 'status', value: 'solved', previous: 'open' }]),
      agents: [],
    },
  ])('$name -> $agents', ({ a, agents }) => {
    expect(engagedBy(a)).toEqual(agents);
  });

  it('an outbound call is an agent touch', () => {
    const a = audit(1, 'voice', AGENT, [comment(AGENT, { public: false, voice: true, call: 'outbound' })]);
    const timeline = buildTimeline({ ticketId: 1, requesterId: REQUESTER, createdAt: T0, audits: [a], botUserId: 900 });
    expect(timeline.touches.map((t) => t.actor)).toEqual(['agent']);
  });
});
