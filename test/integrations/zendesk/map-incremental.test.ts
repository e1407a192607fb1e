import { describe, expect, it } from 'vitest';
import {
  mapIncrementalTicketEvent,
  normaliseExportVia,
  ZendeskPayloadError,
} from '../../../integrations/zendesk/map.js';
import { loadFixture } from './load-fixture.js';

const events = () =>
  loadFixture<{ ticket_events: Array<Record<string, unknown>> }>('rest/incremental-ticket-events.json').ticket_events;

describe('mapIncrementalTicketEvent', () => {
  it('maps the export page of ticket 502 (web form → voicemail → mail → solved → trigger)', () => {
    expect(events().map(mapIncrementalTicketEvent)).toEqual([
      {
        id: 2001,
        ticketId: 502,
        createdAt: new Date('2025-03-05T09:00:00Z'),
        authorId: 9002,
        channel: 'web',
        events: [
          { kind: 'comment', authorId: 9002, public: true, voice: false },
          { kind: 'status', value: 'new', previous: null },
          { kind: 'group', value: 360001, previous: null },
        ],
      },
      {
        id: 2002,
        ticketId: 502,
        createdAt: new Date('2025-03-05T09:40:00Z'),
        authorId: 7002,
        channel: 'voice',
        events: [
          { kind: 'comment', authorId: 7002, public: false, voice: true, call: 'voicemail' },
          { kind: 'status', value: 'open', previous: 'new' },
          { kind: 'group', value: 360002, previous: 360001 },
          { kind: 'assignee', value: 7002, previous: null },
        ],
      },
      {
        id: 2003,
        ticketId: 502,
        createdAt: new Date('2025-03-05T10:05:00Z'),
        authorId: 9002,
        channel: 'email',
        events: [{ kind: 'comment', authorId: 9002, public: true, voice: false }],
      },
      {
        id: 2004,
        ticketId: 502,
        createdAt: new Date('2025-03-05T10:30:00Z'),
        authorId: 7002,
        channel: 'web',
        events: [
          { kind: 'comment', authorId: 7002, public: true, voice: false },
          { kind: 'status', value: 'solved', previous: 'open' },
        ],
      },
      // Zendesk itself (updater -1) via a trigger; its notification is not a timeline event.
      {
        id: 2005,
        ticketId: 502,
        createdAt: new Date('2025-03-05T10:30:05Z'),
        authorId: null,
        channel: 'rule',
        events: [],
      },
    ]);
  });

  it('reads comments exported without the comment_events sideload', () => {
    const event = {
      ...events()[2],
      child_events: [{ id: 1, via: 'Mail', comment_present: true, comment_public: false, event_type: 'Comment' }],
    };
    expect(mapIncrementalTicketEvent(event).events).toEqual([
      { kind: 'comment', authorId: 9002, public: false, voice: false },
    ]);
  });

  it('falls back to the Unix timestamp and accepts string ids', () => {
    const event = { ...events()[0], id: '2001', ticket_id: '502', created_at: undefined, timestamp: 1741165200 };
    expect(mapIncrementalTicketEvent(event)).toMatchObject({
      id: 2001,
      ticketId: 502,
      createdAt: new Date('2025-03-05T09:00:00Z'),
    });
  });

  it('refuses an event without any time', () => {
    expect(() => mapIncrementalTicketEvent({ id: 1, ticket_id: 2 })).toThrow(ZendeskPayloadError);
  });
});

describe('normaliseExportVia', () => {
  it.each([
    ['Web form', 'web'],
    ['Mail', 'email'],
    ['Web service (API)', 'api'],
    ['Rule', 'rule'],
    ['Voicemail', 'voice'],
    ['Phone call (incoming)', 'voice'],
    ['Chat', 'chat'],
    ['Text message', 'sms'],
    ['Facebook Post', 'facebook post'],
    [{ channel: 'native_messaging' }, 'native_messaging'],
    [null, 'unknown'],
  ])('%j → %j', (via, channel) => {
    expect(normaliseExportVia(via)).toBe(channel);
  });
});
