import type { AuditEvent, TicketAudit } from '../../src/domain/audit.js';
import { ZendeskPayloadError } from '../../src/ports/errors.js';
import { callField, fieldChange, UNKNOWN_CHANNEL } from './map-rest.js';
import { mergeEvent, readCallDirection } from './map-via.js';
import {
  isRecord,
  readDate,
  readId,
  readText,
  readViaChannel,
  requireId,
  requireRecord,
  type JsonRecord,
} from './payload-fields.js';

/**
 * The incremental ticket event export (GET /api/v2/incremental/ticket_events.json) names
 * the channel with the via type's display name ("Web form", "Mail", "Voicemail") instead
 * of the REST `via.channel`. Where the Via types reference says which channel a via type
 * creates tickets through, use that; otherwise keep the name, lowercased.
 */
const EXPORT_VIA_TO_CHANNEL: Readonly<Record<string, string>> = {
  'web form': 'web',
  web_form: 'web',
  'closed ticket': 'web',
  mail: 'email',
  email: 'email',
  'web service': 'api',
  'web service (api)': 'api',
  web_service: 'api',
  api: 'api',
  rule: 'rule',
  trigger: 'rule',
  automation: 'rule',
  'trigger, automation': 'rule',
  chat: 'chat',
  voicemail: 'voice',
  voice: 'voice',
  'phone call (incoming)': 'voice',
  'phone call (outbound)': 'voice',
  phone_call_inbound: 'voice',
  phone_call_outbound: 'voice',
  'text message': 'sms',
  text_message: 'sms',
  sms: 'sms',
};

export function normaliseExportVia(via: unknown): string {
  if (isRecord(via)) return readViaChannel(via) ?? UNKNOWN_CHANNEL;
  const name = readText(via)?.toLowerCase();
  if (!name) return UNKNOWN_CHANNEL;
  return EXPORT_VIA_TO_CHANNEL[name] ?? name;
}

/**
 * One element of `ticket_events`. Its `id` is the id of the audit it describes (comment
 * child events carry it as `audit_id`), so backfilled audits and REST audits share ids.
 * Child events put the changed value under the field's own key (`"status": "solved"`,
 * `"previous_value": "open"`), unlike REST audits' `field_name`/`value`.
 */
export function mapIncrementalTicketEvent(json: unknown): TicketAudit {
  const event = requireRecord(json, 'ticket event');
  const createdAt = readDate(event.created_at) ?? readDate(event.timestamp);
  if (!createdAt)
    throw new ZendeskPayloadError(`ticket event ${JSON.stringify(event.id)} has neither created_at nor timestamp`);
  const authorId = readId(event.updater_id);
  const children = Array.isArray(event.child_events) ? event.child_events : [];
  return {
    id: requireId(event.id, 'ticket event id'),
    ticketId: requireId(event.ticket_id, 'ticket event ticket_id'),
    createdAt,
    authorId,
    channel: normaliseExportVia(event.via),
    events: [
      ...children.flatMap((child) => (isRecord(child) ? mapChildEvent(child, authorId, event.via) : [])),
      ...mergeEvent(event.via),
    ],
  };
}

const TRACKED_FIELDS = ['status', 'group_id', 'assignee_id'] as const;

function mapChildEvent(child: JsonRecord, updaterId: number | null, eventVia: unknown): AuditEvent[] {
  const type = readText(child.type) ?? readText(child.event_type);
  if (type === 'Comment' || type === 'VoiceComment') {
    // With include=comment_events the comment itself is here; without it Zendesk only
    // sends `comment_present`/`comment_public`, and the author is the updater.
    const isPublic = typeof child.public === 'boolean' ? child.public : child.comment_public === true;
    return [
      {
        kind: 'comment',
        authorId: readId(child.author_id) ?? updaterId,
        public: isPublic,
        voice: type === 'VoiceComment',
        // Comment children carry the REST via object; the event's own via is a display name ("Voicemail").
        ...(type === 'VoiceComment' ? callField(readCallDirection(child.via, eventVia)) : {}),
      },
    ];
  }
  if (child.comment_present === true) {
    return [{ kind: 'comment', authorId: updaterId, public: child.comment_public === true, voice: false }];
  }
  if (child.event_type !== 'Create' && child.event_type !== 'Change') return [];
  const field = TRACKED_FIELDS.find((name) => name in child);
  if (!field) return [];
  const change = fieldChange(field, child[field], child.event_type === 'Change' ? child.previous_value : null);
  return change ? [change] : [];
}
