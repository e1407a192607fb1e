import { createHash } from 'node:crypto';
import type { StandInTicket } from './stand-ins/start-stand-ins.js';

/**
 * The event-subscription webhook Zendesk sends when a ticket's status changes
 * (`zen:event-type:ticket.status_changed`), built from the stand-in's ticket. Ids in the
 * `detail` are strings and statuses upper case, as Zendesk sends them.
 */
export function statusChangedEvent(ticket: StandInTicket, previous: string, at: Date) {
  const id = createHash('sha256').update(`${ticket.id}:${ticket.status}:${at.toISOString()}`).digest('hex');
  const asId = (value: number | null | undefined) => (value === null || value === undefined ? null : String(value));
  return {
    account_id: 12514403,
    detail: {
      actor_id: asId(ticket.assignee_id),
      assignee_id: asId(ticket.assignee_id),
      brand_id: '360020',
      created_at: ticket.created_at,
      description: ticket.description ?? ticket.subject,
      external_id: null,
      form_id: asId(ticket.ticket_form_id),
      group_id: asId(ticket.group_id),
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
    event: {
      current: ticket.status.toUpperCase(),
      previous: previous.toUpperCase(),
      meta: { sequence: { id: id.slice(0, 32).toUpperCase(), position: 1, total: 1 } },
    },
    id: `${id.slice(0, 8)}-${id.slice(8, 12)}-4${id.slice(13, 16)}-8${id.slice(17, 20)}-${id.slice(20, 32)}`,
    subject: `zen:ticket:${ticket.id}`,
    time: at.toISOString(),
    type: 'zen:event-type:ticket.status_changed',
    zendesk_event_version: '2022-11-06',
  };
}
