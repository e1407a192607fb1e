import type { StandInAudit, StandInTicket, StandInUser } from '../../demo/stand-ins/zendesk.js';

/**
 * Ticket 501 in the stand-in's own shapes (the story of test/fixtures/zendesk/rest): email
 * → trigger opens it → agent 7001 answers on the web → a call moves it to group 360002 and
 * agent 7002 → solved with a private note.
 */
export const TICKET: StandInTicket = {
  id: 501,
  requester_id: 9001,
  assignee_id: 7002,
  group_id: 360002,
  status: 'solved',
  via: {
    channel: 'email',
    source: { from: { address: 'ana.jansen@example.com', name: 'Ana Jansen' }, to: {}, rel: null },
  },
  tags: ['billing'],
  ticket_form_id: 360010,
  type: 'question',
  subject: 'Invoice charged twice',
  description: 'Hello, my March invoice was charged twice.',
  custom_fields: [{ id: 360005, value: null }],
  created_at: '2025-03-03T09:00:00Z',
  updated_at: '2025-03-03T11:20:00Z',
};

export const AUDITS: StandInAudit[] = [
  {
    id: 1001,
    ticket_id: 501,
    created_at: '2025-03-03T09:00:00Z',
    author_id: 9001,
    via: { channel: 'email' },
    events: [
      { type: 'Comment', body: 'Hello, my March invoice was charged twice.', public: true },
      { type: 'Create', field_name: 'status', value: 'new' },
      { type: 'Create', field_name: 'group_id', value: '360001' },
      { type: 'Create', field_name: 'tags', value: ['billing'] },
    ],
  },
  {
    id: 1002,
    ticket_id: 501,
    created_at: '2025-03-03T09:00:02Z',
    author_id: -1,
    via: {
      channel: 'rule',
      source: { from: { id: 22472716, title: 'Open new email tickets' }, to: {}, rel: 'trigger' },
    },
    events: [{ type: 'Change', field_name: 'status', value: 'open', previous_value: 'new' }],
  },
  {
    id: 1003,
    ticket_id: 501,
    created_at: '2025-03-03T10:15:00Z',
    author_id: 7001,
    via: { channel: 'web' },
    events: [
      { type: 'Comment', body: 'Could you call us so we can verify the card?', public: true },
      { type: 'Change', field_name: 'assignee_id', value: '7001', previous_value: null },
    ],
  },
  {
    id: 1004,
    ticket_id: 501,
    created_at: '2025-03-03T11:00:00Z',
    author_id: 7002,
    via: { channel: 'voice' },
    events: [
      { type: 'VoiceComment', body: 'Inbound call, 6 minutes', public: false },
      { type: 'Change', field_name: 'group_id', value: '360002', previous_value: '360001' },
      { type: 'Change', field_name: 'assignee_id', value: '7002', previous_value: '7001' },
    ],
  },
  {
    id: 1005,
    ticket_id: 501,
    created_at: '2025-03-03T11:20:00Z',
    author_id: 7002,
    via: { channel: 'web' },
    events: [
      { type: 'Comment', body: 'Refund issued during the call.', public: false },
      { type: 'Change', field_name: 'status', value: 'solved', previous_value: 'open' },
    ],
  },
];

export const CUSTOMER: StandInUser = {
  id: 9001,
  name: 'Ana Jansen',
  email: 'ana.jansen@example.com',
  phone: '+31612345678',
  locale: 'nl',
  time_zone: 'Amsterdam',
  iana_time_zone: 'Europe/Amsterdam',
  created_at: '2024-11-02T14:12:45Z',
};
