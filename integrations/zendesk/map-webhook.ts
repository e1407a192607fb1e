import { ZendeskPayloadError } from '../../src/ports/errors.js';
import type { TicketSnapshot } from '../../src/domain/ticket.js';
import { isRecord, readDate, readId, readText, readViaChannel, type JsonRecord } from './payload-fields.js';

/**
 * What a Zendesk webhook delivery means to Effortless. The webhook only says *which*
 * ticket moved; the worker then reads the ticket's audits, the source of truth.
 */
export type ZendeskWebhookEvent =
  | {
      kind: 'ticket';
      ticketId: number;
      /** `zen:event-type:ticket.status_changed`, ... or `trigger` for our trigger body. */
      eventType: string;
      /** Event subscriptions: the event `id`; triggers: `X-Zendesk-Webhook-Invocation-Id` when given. */
      deliveryId: string | null;
      occurredAt: Date | null;
      /** Lowercase (`solved`); Zendesk webhooks send `SOLVED` or `Solved`. */
      status: string | null;
      /**
       * The ticket as the event's `detail` describes it, right after the change: event
       * subscriptions carry the whole ticket, so most deliveries need no read. Null for
       * trigger bodies and for a `detail` without the fields a snapshot needs.
       */
      snapshot: TicketSnapshot | null;
    }
  | { kind: 'ignored'; reason: string };

export const TRIGGER_EVENT_TYPE = 'trigger';

/**
 * The JSON body to paste into a Zendesk trigger or automation that notifies our webhook
 * ("Notify by > Active webhook"). Every placeholder sits inside quotes so the body stays
 * valid JSON when a placeholder renders empty (a ticket without requester, say).
 * `{{ticket.status}}` and `{{ticket.via}}` render display names (`Solved`, `Web Form`),
 * which the parser lowercases. Free-text placeholders (subject, comments) are left out on
 * purpose: they can contain quotes that would break the JSON.
 */
export const TRIGGER_BODY_TEMPLATE = `{
  "effortless": "zendesk-trigger/1",
  "ticket_id": "{{ticket.id}}",
  "status": "{{ticket.status}}",
  "via": "{{ticket.via}}",
  "requester_id": "{{ticket.requester.id}}",
  "updated_at": "{{ticket.updated_at_with_timestamp}}"
}`;

const EVENT_TYPE_PREFIX = 'zen:event-type:';

/** Ticket event types that can change a case timeline; other ticket events are acknowledged and ignored. */
export const HANDLED_TICKET_EVENT_TYPES: ReadonlySet<string> = new Set(
  [
    'created',
    'status_changed',
    'custom_status_changed',
    'group_assignment_changed',
    'agent_assignment_changed',
    'comment_added',
    'merged',
    'soft_deleted',
    'permanently_deleted',
    'undeleted',
  ].map((name) => `${EVENT_TYPE_PREFIX}ticket.${name}`),
);

export interface WebhookDeliveryContext {
  /** The `X-Zendesk-Webhook-Invocation-Id` header; trigger bodies carry no id of their own. */
  invocationId?: string | null;
}

/**
 * Reads (a) event-subscription payloads (`type: "zen:event-type:ticket.*"`, `subject:
 * "zen:ticket:123"`, `detail` with string ids) and (b) bodies rendered from
 * TRIGGER_BODY_TEMPLATE. Throws ZendeskPayloadError when the body is neither.
 */
export function parseZendeskWebhook(body: unknown, context: WebhookDeliveryContext = {}): ZendeskWebhookEvent {
  if (!isRecord(body)) throw new ZendeskPayloadError('webhook body is not a JSON object');
  if (typeof body.type === 'string' && body.type.startsWith(EVENT_TYPE_PREFIX)) return parseEventSubscription(body);
  if ('ticket_id' in body) return parseTriggerBody(body, context);
  throw new ZendeskPayloadError(
    'webhook body is neither a Zendesk event (type "zen:event-type:...") nor the Effortless trigger body (ticket_id)',
  );
}

function parseEventSubscription(body: JsonRecord): ZendeskWebhookEvent {
  const type = body.type as string;
  if (!type.startsWith(`${EVENT_TYPE_PREFIX}ticket.`))
    return { kind: 'ignored', reason: `not a ticket event: ${type}` };
  if (!HANDLED_TICKET_EVENT_TYPES.has(type)) return { kind: 'ignored', reason: `ticket event not used: ${type}` };

  const detail = isRecord(body.detail) ? body.detail : {};
  const fromSubject = typeof body.subject === 'string' ? /^zen:ticket:(\d+)$/.exec(body.subject)?.[1] : undefined;
  const ticketId = readId(fromSubject) ?? readId(detail.id);
  if (ticketId === null)
    throw new ZendeskPayloadError(`${type} names no ticket (subject "zen:ticket:<id>" or detail.id)`);

  const event = isRecord(body.event) ? body.event : {};
  const status = readText(detail.status) ?? (type.endsWith('.status_changed') ? readText(event.current) : null);
  return {
    kind: 'ticket',
    ticketId,
    eventType: type,
    deliveryId: readText(body.id),
    occurredAt: readDate(body.time),
    status: status?.toLowerCase() ?? null,
    snapshot: ticketFromDetail(ticketId, detail, status),
  };
}

/**
 * A "Ticket events" `detail` as a TicketSnapshot: string ids, upper-case status and type,
 * `form_id` where the REST ticket says `ticket_form_id`. Without both timestamps and the
 * via channel it is no snapshot (the worker then reads the ticket).
 */
function ticketFromDetail(ticketId: number, detail: JsonRecord, status: string | null): TicketSnapshot | null {
  const createdAt = readDate(detail.created_at);
  const updatedAt = readDate(detail.updated_at);
  const channel = readViaChannel(detail.via);
  if (!createdAt || !updatedAt || !channel || !status) return null;
  return {
    id: ticketId,
    requesterId: readId(detail.requester_id),
    status: status.toLowerCase(),
    groupId: readId(detail.group_id),
    assigneeId: readId(detail.assignee_id),
    channel,
    tags: Array.isArray(detail.tags) ? detail.tags.filter((tag): tag is string => typeof tag === 'string') : [],
    formId: readId(detail.form_id),
    type: readText(detail.type)?.toLowerCase() ?? null,
    subject: readText(detail.subject),
    brandId: readId(detail.brand_id),
    organizationId: readId(detail.organization_id),
    createdAt,
    updatedAt,
  };
}

function parseTriggerBody(body: JsonRecord, context: WebhookDeliveryContext): ZendeskWebhookEvent {
  const ticketId = readId(body.ticket_id);
  if (ticketId === null) {
    const raw = JSON.stringify(body.ticket_id);
    throw new ZendeskPayloadError(
      raw?.includes('{{')
        ? 'ticket_id holds an unrendered placeholder: the body must be sent by a trigger or automation, not typed into "Test webhook"'
        : `ticket_id is not a ticket id: ${raw}`,
    );
  }
  const status = readText(body.status);
  return {
    kind: 'ticket',
    ticketId,
    eventType: TRIGGER_EVENT_TYPE,
    deliveryId: readText(context.invocationId),
    occurredAt: readDate(body.updated_at),
    status: status && !status.includes('{{') ? status.toLowerCase() : null,
    snapshot: null,
  };
}
