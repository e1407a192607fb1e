import { describe, expect, it } from 'vitest';
import type { TicketAudit } from '../../../src/domain/audit.js';
import {
  mapAudit,
  mapTicket,
  mapUser,
  toZendeskTicketUpdate,
  ZendeskPayloadError,
} from '../../../integrations/zendesk/map.js';
import { loadFixture } from './load-fixture.js';

type Audits = { audits: unknown[] };
const allAudits = (): TicketAudit[] =>
  [
    ...loadFixture<Audits>('rest/ticket-audits-page-1.json').audits,
    ...loadFixture<Audits>('rest/ticket-audits-page-2.json').audits,
  ].map(mapAudit);

/** The multi-channel case of ticket 501 as the timeline builder will see it. */
const EXPECTED_AUDITS: Array<Omit<TicketAudit, 'ticketId'>> = [
  {
    id: 1001,
    createdAt: new Date('2025-03-03T09:00:00Z'),
    authorId: 9001,
    channel: 'email',
    events: [
      { kind: 'comment', authorId: 9001, public: true, voice: false },
      { kind: 'status', value: 'new', previous: null },
      { kind: 'group', value: 360001, previous: null },
    ],
  },
  // Zendesk's system user (-1) authors trigger audits: no person, so null.
  {
    id: 1002,
    createdAt: new Date('2025-03-03T09:00:02Z'),
    authorId: null,
    channel: 'rule',
    viaRel: 'trigger',
    events: [{ kind: 'status', value: 'open', previous: 'new' }],
  },
  {
    id: 1003,
    createdAt: new Date('2025-03-03T10:15:00Z'),
    authorId: 7001,
    channel: 'web',
    events: [
      { kind: 'comment', authorId: 7001, public: true, voice: false },
      { kind: 'assignee', value: 7001, previous: null },
    ],
  },
  {
    id: 1004,
    createdAt: new Date('2025-03-03T11:00:00Z'),
    authorId: 7002,
    channel: 'voice',
    viaRel: 'inbound',
    events: [
      { kind: 'comment', authorId: 7002, public: false, voice: true, call: 'inbound' },
      { kind: 'group', value: 360002, previous: 360001 },
      { kind: 'assignee', value: 7002, previous: 7001 },
    ],
  },
  {
    id: 1005,
    createdAt: new Date('2025-03-03T11:20:00Z'),
    authorId: 7002,
    channel: 'web',
    events: [
      { kind: 'comment', authorId: 7002, public: false, voice: false },
      { kind: 'status', value: 'solved', previous: 'open' },
    ],
  },
  {
    id: 1006,
    createdAt: new Date('2025-03-04T08:00:00Z'),
    authorId: 9001,
    channel: 'chat',
    events: [
      { kind: 'comment', authorId: 9001, public: true, voice: false },
      { kind: 'status', value: 'open', previous: 'solved' },
    ],
  },
  {
    id: 1007,
    createdAt: new Date('2025-03-04T08:30:00Z'),
    authorId: 7002,
    channel: 'chat',
    events: [
      { kind: 'comment', authorId: 7002, public: true, voice: false },
      { kind: 'status', value: 'solved', previous: 'open' },
    ],
  },
  // The bot's own write-back: custom field and tag changes are not timeline events.
  {
    id: 1008,
    createdAt: new Date('2025-03-04T08:31:00Z'),
    authorId: 8000,
    channel: 'api',
    events: [{ kind: 'comment', authorId: 8000, public: false, voice: false }],
  },
];

describe('mapAudit', () => {
  it('maps both audit pages of ticket 501 into the domain timeline', () => {
    expect(allAudits()).toEqual(EXPECTED_AUDITS.map((audit) => ({ ticketId: 501, ...audit })));
  });

  it('accepts ids as strings and numbers alike, and ignores undocumented event types', () => {
    const audit = {
      id: '77',
      ticket_id: '501',
      author_id: '7001',
      created_at: '2025-03-05T10:00:00Z',
      via: { channel: 'Mobile' },
      events: [
        { type: 'Change', field_name: 'assignee_id', value: 7002, previous_value: '7001' },
        { type: 'SomethingNew', value: 1 },
        { type: 'Change', field_name: 'status', value: 'Pending', previous_value: 'OPEN' },
      ],
    };
    expect(mapAudit(audit)).toEqual({
      id: 77,
      ticketId: 501,
      authorId: 7001,
      createdAt: new Date('2025-03-05T10:00:00Z'),
      channel: 'mobile',
      events: [
        { kind: 'assignee', value: 7002, previous: 7001 },
        { kind: 'status', value: 'pending', previous: 'open' },
      ],
    });
  });

  it('uses the audit author for a comment without author_id, and "unknown" without via', () => {
    const audit = {
      id: 5,
      ticket_id: 1,
      author_id: 9,
      created_at: '2025-01-01T00:00:00Z',
      events: [{ type: 'Comment', public: true }],
    };
    expect(mapAudit(audit)).toMatchObject({
      channel: 'unknown',
      events: [{ kind: 'comment', authorId: 9, public: true }],
    });
  });

  it('reads the Conversations conversation of a messaging ticket from its ChatStartedEvent', () => {
    const audit = {
      id: 1006,
      ticket_id: 501,
      created_at: '2025-03-04T08:00:00Z',
      author_id: 9001,
      via: { channel: 'native_messaging', source: { from: {}, to: {}, rel: null } },
      events: [
        {
          id: 100600,
          type: 'ChatStartedEvent',
          value: { conversation_id: 'f52b01137aa6c250bc7251fa', chat_id: '2109.1.S', visitor_id: '1-2', history: [] },
        },
        // A Zendesk Chat ticket's event names no conversation.
        { id: 100601, type: 'ChatStartedEvent', value: { chat_id: '2109.1.T', visitor_id: '1-2', history: [] } },
      ],
    };
    expect(mapAudit(audit).events).toEqual([{ kind: 'conversation', conversationId: 'f52b01137aa6c250bc7251fa' }]);
  });

  it('refuses an audit without id or date', () => {
    expect(() => mapAudit({ ticket_id: 1, created_at: '2025-01-01T00:00:00Z' })).toThrow(ZendeskPayloadError);
    expect(() => mapAudit({ id: 1, ticket_id: 1, created_at: 'soon' })).toThrow(ZendeskPayloadError);
    expect(() => mapAudit('audit')).toThrow(ZendeskPayloadError);
  });
});

describe('mapTicket', () => {
  it('maps the ticket show response', () => {
    expect(mapTicket(loadFixture('rest/ticket-show.json').ticket)).toEqual({
      id: 501,
      requesterId: 9001,
      status: 'solved',
      groupId: 360002,
      assigneeId: 7002,
      channel: 'email',
      tags: ['auto_ack', 'billing', 'effortless_scored'],
      formId: 360010,
      brandId: 360020,
      type: 'question',
      subject: 'Invoice charged twice',
      createdAt: new Date('2025-03-03T09:00:00Z'),
      updatedAt: new Date('2025-03-04T08:31:00Z'),
    });
  });

  it('maps nulls of an unassigned, deleted ticket from the incremental export', () => {
    const [deleted] = loadFixture<{ tickets: unknown[] }>('rest/incremental-tickets-cursor-page-2.json').tickets;
    expect(mapTicket(deleted)).toMatchObject({
      id: 503,
      status: 'deleted',
      groupId: null,
      assigneeId: null,
      formId: null,
      type: null,
    });
  });
});

describe('mapUser', () => {
  const user = () => loadFixture<{ user: Record<string, unknown> }>('rest/user-show.json').user;

  it('maps the user show response, preferring iana_time_zone', () => {
    expect(mapUser(user())).toEqual({
      id: 9001,
      name: 'Ana Jansen',
      email: 'ana.jansen@example.com',
      phone: '+31612345678',
      role: 'end-user',
      locale: 'nl',
      timeZone: 'Europe/Amsterdam',
    });
  });

  it.each([
    ['Amsterdam', 'Europe/Amsterdam'],
    ['Eastern Time (US & Canada)', 'America/New_York'],
    ['Pacific Time (US & Canada)', 'America/Los_Angeles'],
    ['America/Chicago', 'America/Chicago'],
    ['Somewhere Else', null],
  ])('falls back from Rails time_zone %j to %j when iana_time_zone is absent', (railsName, expected) => {
    const withoutIana: Record<string, unknown> = { ...user(), time_zone: railsName };
    delete withoutIana.iana_time_zone;
    expect(mapUser(withoutIana).timeZone).toBe(expected);
  });

  it('treats empty strings as missing and ignores an invalid IANA name', () => {
    expect(
      mapUser({ ...user(), phone: '', email: null, iana_time_zone: 'Mars/Olympus', time_zone: 'Berlin' }),
    ).toMatchObject({
      phone: null,
      email: null,
      timeZone: 'Europe/Berlin',
    });
  });
});

describe('toZendeskTicketUpdate', () => {
  const base = { currentTags: ['billing', 'effort_low', 'vip'], updatedStamp: '2025-03-04T08:31:00Z' };

  it('sets the tag list read just before, with the level tag swapped, as a safe update with a private note', () => {
    const body = toZendeskTicketUpdate(
      {
        customFields: [
          { id: 360005, value: 62 },
          { id: 360006, value: null },
        ],
        addTags: ['effort_medium'],
        removeTags: ['effort_low'],
        internalNote: 'Effort index 62',
      },
      base,
    );
    expect(body).toEqual({
      ticket: {
        custom_fields: [
          { id: 360005, value: 62 },
          { id: 360006, value: null },
        ],
        tags: ['billing', 'vip', 'effort_medium'],
        comment: { body: 'Effort index 62', public: false },
        safe_update: true,
        updated_stamp: '2025-03-04T08:31:00Z',
      },
    });
  });

  it('does not repeat a tag the ticket already has', () => {
    const body = toZendeskTicketUpdate(
      { customFields: [], addTags: ['vip'], removeTags: [], internalNote: null },
      base,
    );
    expect(body.ticket.tags).toEqual(['billing', 'effort_low', 'vip']);
  });

  it('omits empty parts and never sends a public comment', () => {
    expect(toZendeskTicketUpdate({ customFields: [], addTags: [], removeTags: [], internalNote: '  ' }, base)).toEqual({
      ticket: {},
    });
    expect(
      toZendeskTicketUpdate(
        { customFields: [], addTags: [], removeTags: [], internalNote: 'n' },
        { currentTags: [], updatedStamp: null },
      ),
    ).toEqual({
      ticket: { comment: { body: 'n', public: false } },
    });
    expect(
      JSON.stringify(toZendeskTicketUpdate({ customFields: [], addTags: [], removeTags: [], internalNote: 'n' }, base)),
    ).not.toContain('"public":true');
  });
});
