import type { AuditEvent, CallDirection, TicketAudit } from '../../src/domain/audit.js';
import type { CustomerProfile, TicketSnapshot, TicketUpdate } from '../../src/domain/ticket.js';
import {
  isRecord,
  readDate,
  readId,
  readText,
  readViaChannel,
  requireDate,
  requireId,
  requireRecord,
  type JsonRecord,
} from './payload-fields.js';
import { resolveUserTimeZone } from './time-zones.js';
import { mergeEvent, readCallDirection, readViaRel } from './map-via.js';

/** Channel used when Zendesk omits `via` (never seen in practice, but the domain needs a string). */
export const UNKNOWN_CHANNEL = 'unknown';

/**
 * One REST audit (an element of `audits` from GET /api/v2/tickets/{id}/audits.json).
 * Per the Ticket Audit events reference, Create/Change `value` is "normally a string"
 * (`"360002"` for group_id), and undocumented event types are to be ignored.
 */
export function mapAudit(json: unknown): TicketAudit {
  const audit = requireRecord(json, 'audit');
  const authorId = readId(audit.author_id);
  const events = Array.isArray(audit.events) ? audit.events : [];
  return {
    id: requireId(audit.id, 'audit.id'),
    ticketId: requireId(audit.ticket_id, 'audit.ticket_id'),
    createdAt: requireDate(audit.created_at, 'audit.created_at'),
    authorId,
    channel: readViaChannel(audit.via) ?? UNKNOWN_CHANNEL,
    ...optional('viaRel', readViaRel(audit.via)),
    events: [
      ...events.flatMap((event) => (isRecord(event) ? mapAuditEvent(event, authorId, audit.via) : [])),
      ...mergeEvent(audit.via),
    ],
  };
}

function mapAuditEvent(event: JsonRecord, auditAuthorId: number | null, auditVia: unknown): AuditEvent[] {
  switch (event.type) {
    case 'Comment':
    case 'VoiceComment':
      return [
        {
          kind: 'comment',
          authorId: readId(event.author_id) ?? auditAuthorId,
          public: event.public === true,
          voice: event.type === 'VoiceComment',
          // An event has its own via only when it differs from the audit's (Ticket Audit events reference).
          ...(event.type === 'VoiceComment' ? callField(readCallDirection(event.via, auditVia)) : {}),
        },
      ];
    case 'Create':
    case 'Change': {
      const change = fieldChange(readText(event.field_name), event.value, event.previous_value);
      return change ? [change] : [];
    }
    case 'ChatStartedEvent':
      return conversationEvent(event.value);
    default:
      return [];
  }
}

/**
 * A messaging ticket's `ChatStartedEvent` names the Sunshine Conversations conversation in
 * `value.conversation_id` (Zendesk's published schema lists only `chat_id`, `visitor_id` and
 * `history`, which Zendesk Chat tickets carry; messaging tickets add the conversation).
 */
function conversationEvent(value: unknown): AuditEvent[] {
  const conversationId = isRecord(value) ? readText(value.conversation_id) : null;
  return conversationId ? [{ kind: 'conversation', conversationId }] : [];
}

/** `{ call }` when the direction is known; nothing otherwise, so unknown stays absent. */
export function callField(call: CallDirection | undefined): { call?: CallDirection } {
  return call ? { call } : {};
}

/**
 * The timeline cares about three ticket fields. Shared with the incremental export
 * mapper, whose child events carry the same values under the field's own key.
 */
export function fieldChange(field: string | null, value: unknown, previous: unknown): AuditEvent | null {
  switch (field) {
    case 'status': {
      const current = readText(value);
      return current
        ? { kind: 'status', value: current.toLowerCase(), previous: readText(previous)?.toLowerCase() ?? null }
        : null;
    }
    case 'group_id':
      return { kind: 'group', value: readId(value), previous: readId(previous) };
    case 'assignee_id':
      return { kind: 'assignee', value: readId(value), previous: readId(previous) };
    default:
      return null;
  }
}

/** The `ticket` object of GET /api/v2/tickets/{id}.json or one element of an incremental `tickets` page. */
export function mapTicket(json: unknown): TicketSnapshot {
  const ticket = requireRecord(json, 'ticket');
  const createdAt = requireDate(ticket.created_at, 'ticket.created_at');
  return {
    id: requireId(ticket.id, 'ticket.id'),
    requesterId: readId(ticket.requester_id),
    status: readText(ticket.status)?.toLowerCase() ?? 'unknown',
    groupId: readId(ticket.group_id),
    assigneeId: readId(ticket.assignee_id),
    channel: readViaChannel(ticket.via) ?? UNKNOWN_CHANNEL,
    tags: Array.isArray(ticket.tags) ? ticket.tags.filter((tag): tag is string => typeof tag === 'string') : [],
    formId: readId(ticket.ticket_form_id),
    ...optional('brandId', readId(ticket.brand_id)),
    ...optional('organizationId', readId(ticket.organization_id)),
    type: readText(ticket.type),
    subject: readText(ticket.subject) ?? readText(ticket.raw_subject),
    createdAt,
    updatedAt: readDate(ticket.updated_at) ?? createdAt,
  };
}

/** The `user` object of GET /api/v2/users/{id}.json. */
export function mapUser(json: unknown): CustomerProfile {
  const user = requireRecord(json, 'user');
  return {
    id: requireId(user.id, 'user.id'),
    name: readText(user.name),
    email: readText(user.email),
    phone: readText(user.phone),
    locale: readText(user.locale),
    timeZone: resolveUserTimeZone(readText(user.iana_time_zone), readText(user.time_zone)),
    ...optional('role', readText(user.role)?.toLowerCase() ?? null),
  };
}

/** `{ [key]: value }` when Zendesk gave the field, nothing otherwise (the domain keeps these optional). */
function optional<K extends string, V>(key: K, value: V | null): { [P in K]?: V } {
  return (value === null ? {} : { [key]: value }) as { [P in K]?: V };
}

/** What the ticket looked like when we read it just before writing. */
export interface TicketWriteBase {
  currentTags: string[];
  /** The ticket's `updated_at`; sent as `updated_stamp` with `safe_update` so a concurrent change answers 409. */
  updatedStamp: string | null;
}

/**
 * The PUT /api/v2/tickets/{id}.json body. The documented ticket update sets the whole
 * `tags` list, so the list is the one just read, minus `removeTags`, plus `addTags`; with
 * `safe_update` a change made in between (an agent adding a tag) yields 409 instead of
 * being overwritten. The note is always private (`public: false`): a public comment would
 * email the customer. `auditMetadata` becomes the ticket's `metadata`, which names the
 * outbox message on the audit.
 */
export function toZendeskTicketUpdate(update: TicketUpdate, base: TicketWriteBase): { ticket: JsonRecord } {
  const ticket: JsonRecord = {};
  if (update.customFields.length > 0) {
    ticket.custom_fields = update.customFields.map(({ id, value }) => ({ id, value }));
  }
  if (update.addTags.length > 0 || update.removeTags.length > 0) {
    const removed = new Set(update.removeTags);
    ticket.tags = [...new Set([...base.currentTags.filter((tag) => !removed.has(tag)), ...update.addTags])];
  }
  const note = update.internalNote?.trim();
  if (note) ticket.comment = { body: note, public: false };
  const changes = Object.keys(ticket).length > 0;
  if (changes && base.updatedStamp) {
    ticket.safe_update = true;
    ticket.updated_stamp = base.updatedStamp;
  }
  // Write-only audit metadata (read back as the audit's `metadata.custom`); it is no change by
  // itself, so it goes only with one.
  if (changes && update.auditMetadata && Object.keys(update.auditMetadata).length > 0)
    ticket.metadata = { ...update.auditMetadata };
  return { ticket };
}
