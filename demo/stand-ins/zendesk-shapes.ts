/**
 * Zendesk Support JSON as the stand-in stores and serves it. The simulator writes tickets,
 * audits and users in these shapes (field names as in the Tickets, Ticket Audits and Users
 * API references); the serializers add what Zendesk adds on the way out (url, fields,
 * metadata, html_body, ...).
 */

export type TicketStatus = 'new' | 'open' | 'pending' | 'hold' | 'solved' | 'closed';
export type CustomFieldValue = string | number | boolean | null;

export interface StandInVia {
  /** `web`, `email`, `voice`, `chat`, `api`, `rule`, ... */
  channel: string;
  source?: Record<string, unknown>;
}

export interface StandInTicket {
  id: number;
  requester_id: number;
  submitter_id?: number;
  assignee_id: number | null;
  group_id: number | null;
  status: TicketStatus;
  via: StandInVia;
  tags: string[];
  ticket_form_id?: number | null;
  type?: 'problem' | 'incident' | 'question' | 'task' | null;
  /** `normal` when absent. */
  priority?: 'urgent' | 'high' | 'normal' | 'low';
  subject: string;
  description?: string;
  /** Zendesk serves numeric field values as strings ("62"); numbers given here are served that way. */
  custom_fields?: Array<{ id: number; value: CustomFieldValue }>;
  /** ISO 8601, whole seconds (`2025-03-03T09:00:00Z`). */
  created_at: string;
  updated_at: string;
  /** Filled in from the stand-in's own address when absent. */
  url?: string;
}

export interface CommentEvent {
  type: 'Comment' | 'VoiceComment';
  id?: number;
  /** Defaults to the audit's author. */
  author_id?: number;
  body: string;
  public: boolean;
}

/**
 * A field set at creation (`Create`) or changed (`Change`). Values are what Zendesk sends:
 * strings for ids and statuses (`"360002"`, `"solved"`), arrays for `tags`, null for none.
 */
export interface FieldEvent {
  type: 'Create' | 'Change';
  id?: number;
  field_name: string;
  value: string | number | string[] | null;
  previous_value?: string | number | string[] | null;
}

/** Other documented event types (Notification, ...) are served as given. */
export interface OtherEvent {
  type: 'Notification' | 'Cc' | 'SatisfactionRating' | 'External' | 'ChatStartedEvent';
  id?: number;
  [key: string]: unknown;
}

export type StandInAuditEvent = CommentEvent | FieldEvent | OtherEvent;

export interface StandInAudit {
  id: number;
  ticket_id: number;
  created_at: string;
  /** The user who made the change; Zendesk's system user is -1. */
  author_id: number;
  via: StandInVia;
  events: StandInAuditEvent[];
  /** `custom`: the write-only `metadata` of the update that made the audit. */
  metadata?: { custom: Record<string, unknown> };
}

export interface StandInUser {
  id: number;
  name: string;
  /** Zendesk sends null for a user without an address (the spec types it as a string). */
  email: string | null;
  phone?: string | null;
  /** BCP 47, e.g. `nl` or `en-US`. */
  locale?: string;
  /** Rails name as Zendesk stores it ("Amsterdam", "Eastern Time (US & Canada)"). */
  time_zone?: string;
  /** Left out of the answer when null, as on accounts that predate the field. */
  iana_time_zone?: string | null;
  role?: 'end-user' | 'agent' | 'admin';
  created_at?: string;
}

type Json = Record<string, unknown>;

const EMPTY_SOURCE = { from: {}, to: {}, rel: null };

/** Zendesk's timestamps: ISO 8601 in UTC, whole seconds. */
export function zendeskTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** Custom field values as Zendesk serves them: numbers become strings. */
export function fieldValue(value: CustomFieldValue): string | boolean | null {
  return typeof value === 'number' ? String(value) : value;
}

export function ticketJson(ticket: StandInTicket, base: string): Json {
  const customFields = (ticket.custom_fields ?? []).map(({ id, value }) => ({ id, value: fieldValue(value) }));
  return {
    id: ticket.id,
    url: ticket.url ?? `${base}/api/v2/tickets/${ticket.id}.json`,
    via: { channel: ticket.via.channel, source: ticket.via.source ?? EMPTY_SOURCE },
    created_at: ticket.created_at,
    updated_at: ticket.updated_at,
    type: ticket.type ?? null,
    subject: ticket.subject,
    raw_subject: ticket.subject,
    description: ticket.description ?? '',
    priority: ticket.priority ?? 'normal',
    status: ticket.status,
    requester_id: ticket.requester_id,
    submitter_id: ticket.submitter_id ?? ticket.requester_id,
    assignee_id: ticket.assignee_id,
    group_id: ticket.group_id,
    collaborator_ids: [],
    follower_ids: [],
    email_cc_ids: [],
    has_incidents: false,
    is_public: true,
    due_at: null,
    tags: [...ticket.tags],
    custom_fields: customFields,
    fields: customFields.map((field) => ({ ...field })),
    sharing_agreement_ids: [],
    followup_ids: [],
    ticket_form_id: ticket.ticket_form_id ?? null,
    allow_channelback: false,
    allow_attachments: true,
    from_messaging_channel: false,
    generated_timestamp: Math.floor(Date.parse(ticket.updated_at) / 1000),
  };
}

export function auditJson(audit: StandInAudit): Json {
  return {
    id: audit.id,
    ticket_id: audit.ticket_id,
    created_at: audit.created_at,
    author_id: audit.author_id,
    metadata: { system: {}, custom: structuredClone(audit.metadata?.custom ?? {}) },
    via: { channel: audit.via.channel, source: audit.via.source ?? EMPTY_SOURCE },
    events: audit.events.map((event) => eventJson(event, audit)),
  };
}

function eventJson(event: StandInAuditEvent, audit: StandInAudit): Json {
  if (event.type !== 'Comment' && event.type !== 'VoiceComment') return { ...event };
  const comment = event as CommentEvent;
  return {
    id: comment.id,
    type: comment.type,
    author_id: comment.author_id ?? audit.author_id,
    body: comment.body,
    html_body: `<div class="zd-comment" dir="auto"><p dir="auto">${escapeHtml(comment.body)}</p></div>`,
    plain_body: comment.body,
    public: comment.public,
    attachments: [],
    audit_id: audit.id,
  };
}

export function userJson(user: StandInUser, base: string, extra: Json = {}): Json {
  const stamp = user.created_at ?? '2024-01-01T00:00:00Z';
  return {
    id: user.id,
    url: `${base}/api/v2/users/${user.id}.json`,
    name: user.name,
    email: user.email,
    created_at: stamp,
    updated_at: stamp,
    time_zone: user.time_zone ?? 'UTC',
    ...(user.iana_time_zone === null ? {} : { iana_time_zone: user.iana_time_zone ?? 'Etc/UTC' }),
    phone: user.phone ?? null,
    locale: user.locale ?? 'en-US',
    role: user.role ?? 'end-user',
    verified: true,
    external_id: null,
    tags: [],
    active: true,
    shared: false,
    shared_agent: false,
    moderator: false,
    ticket_restriction: user.role === 'end-user' || !user.role ? 'requested' : null,
    only_private_comments: false,
    restricted_agent: user.role === 'end-user' || !user.role,
    suspended: false,
    report_csv: false,
    user_fields: {},
    ...extra,
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
}
