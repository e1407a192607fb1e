import { createHash } from 'node:crypto';
import type { StandInAudit, StandInTicket } from './stand-ins/start-stand-ins.js';

/**
 * The event-subscription webhook Zendesk sends when a ticket's status changes
 * (`zen:event-type:ticket.status_changed`), built from the stand-in's ticket. Ids in the
 * `detail` are strings and statuses upper case, as Zendesk sends them.
 */
export function statusChangedEvent(ticket: StandInTicket, previous: string, at: Date) {
  return ticketEvent(
    ticket,
    'ticket.status_changed',
    {
      current: ticket.status.toUpperCase(),
      previous: previous.toUpperCase(),
    },
    at,
  );
}

/** One event-subscription body (`zen:event-type:<name>`) whose `detail` is the ticket as given. */
export function ticketEvent(ticket: StandInTicket, name: string, eventPart: Record<string, unknown>, at: Date) {
  const id = createHash('sha256')
    .update(`${ticket.id}:${name}:${ticket.status}:${at.toISOString()}:${JSON.stringify(eventPart)}`)
    .digest('hex');
  return {
    account_id: 12514403,
    detail: {
      actor_id: idText(ticket.assignee_id),
      assignee_id: idText(ticket.assignee_id),
      brand_id: '360020',
      created_at: ticket.created_at,
      description: ticket.description ?? ticket.subject,
      external_id: null,
      form_id: idText(ticket.ticket_form_id),
      group_id: idText(ticket.group_id),
      id: String(ticket.id),
      is_public: true,
      organization_id: null,
      priority: (ticket.priority ?? 'normal').toUpperCase(),
      requester_id: String(ticket.requester_id),
      status: ticket.status.toUpperCase(),
      subject: ticket.subject,
      submitter_id: String(ticket.submitter_id ?? ticket.requester_id),
      tags: ticket.tags,
      type: ticket.type ? ticket.type.toUpperCase() : null,
      updated_at: ticket.updated_at,
      via: { channel: ticket.via.channel },
    },
    event: { ...eventPart, meta: { sequence: { id: id.slice(0, 32).toUpperCase(), position: 1, total: 1 } } },
    id: `${id.slice(0, 8)}-${id.slice(8, 12)}-4${id.slice(13, 16)}-8${id.slice(17, 20)}-${id.slice(20, 32)}`,
    subject: `zen:ticket:${ticket.id}`,
    time: at.toISOString(),
    type: `zen:event-type:${name}`,
    zendesk_event_version: '2022-11-06',
  };
}

type EventPart = Record<string, unknown>;
type TicketState = Pick<StandInTicket, 'status' | 'group_id' | 'assignee_id'>;

/**
 * Every ticket event a webhook subscribed to the README's recommended events receives over
 * the case's life, rebuilt from its audits: created, each comment, each group and agent
 * assignment change and each status change, in order, each `detail` showing the ticket as
 * that audit left it. The demo posts them all, so what it spends in Zendesk calls is what a
 * center with that subscription would spend (the demo posts a case's whole life at its solve).
 */
export function ticketLifeEvents(ticket: StandInTicket, audits: StandInAudit[]) {
  const state: TicketState = { status: 'new', group_id: null, assignee_id: null };
  const bodies: Array<ReturnType<typeof ticketEvent>> = [];
  audits.forEach((audit, index) => {
    const at = new Date(audit.created_at);
    const parts: Array<[string, EventPart]> = index === 0 ? [['created', {}]] : [];
    for (const event of audit.events) {
      if (event.type === 'Comment' || event.type === 'VoiceComment') {
        const authorId = event.author_id ?? audit.author_id;
        parts.push(['comment_added', { comment: commentPart(event.id ?? audit.id, authorId, ticket, event.public) }]);
      } else if (event.type === 'Create' || event.type === 'Change') {
        const change = applyField(state, event.field_name, event.value);
        if (change && index > 0) parts.push(change);
      }
    }
    for (const [name, part] of parts) {
      bodies.push(ticketEvent({ ...ticket, ...state, updated_at: audit.created_at }, `ticket.${name}`, part, at));
    }
  });
  return bodies;
}

function applyField(state: TicketState, field: string, value: unknown): [string, EventPart] | null {
  const idOf = (v: unknown) => (v === null || v === undefined || v === '' ? null : Number(v));
  const previous = { ...state };
  if (field === 'status' && typeof value === 'string') {
    state.status = value as TicketState['status'];
    return ['status_changed', { current: value.toUpperCase(), previous: previous.status.toUpperCase() }];
  }
  if (field === 'group_id') {
    state.group_id = idOf(value);
    return ['group_assignment_changed', { current: idText(state.group_id), previous: idText(previous.group_id) }];
  }
  if (field === 'assignee_id') {
    state.assignee_id = idOf(value);
    return ['agent_assignment_changed', { current: idText(state.assignee_id), previous: idText(previous.assignee_id) }];
  }
  return null;
}

function commentPart(id: number, authorId: number, ticket: StandInTicket, isPublic: boolean) {
  return {
    author: { id: String(authorId), is_staff: authorId !== ticket.requester_id, name: `User ${authorId}` },
    body: '(demo comment)',
    id: String(id),
    is_public: isPublic,
  };
}

function idText(value: number | null | undefined): string | null {
  return value === null || value === undefined ? null : String(value);
}
