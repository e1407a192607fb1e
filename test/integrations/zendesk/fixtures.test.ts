import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateAgainstSpec } from '../../support/openapi.js';
import { loadFixture } from './load-fixture.js';

/** Zendesk's published OpenAPI, trimmed to the operations we check (test/specs/README.md). */
const SPEC = fileURLToPath(new URL('../../specs/zendesk_support_api.yaml', import.meta.url));

type Json = Record<string, unknown>;

/**
 * Where Zendesk's documentation (and its API) disagree with the spec, the fixture keeps
 * the documented value and the rule below takes exactly that value out of the copy that is
 * validated. Each rule names its paths; nothing else is relaxed.
 */
const DOCUMENTED_EXCEPTIONS = {
  ticketShow: [dropTicketNulls],
  ticketUpdate: [dropTicketNulls, dropTagListValues],
  ticketExport: [
    (body: Json) => (body.tickets as Json[]).forEach((ticket) => dropTicketNulls({ ticket })),
    dropDeletedStatus,
  ],
} satisfies Record<string, Array<(body: Json) => void>>;

/**
 * The spec types these ticket properties without `nullable`, yet a ticket without a group,
 * assignee, form or type carries null (the Tickets API JSON examples show nulls; an empty
 * custom field's value is null too).
 */
function dropTicketNulls(body: Json): void {
  const ticket = body.ticket as Json;
  for (const key of ['group_id', 'assignee_id', 'ticket_form_id', 'type']) if (ticket[key] === null) delete ticket[key];
  for (const list of ['custom_fields', 'fields']) {
    for (const field of (ticket[list] as Json[] | undefined) ?? []) if (field.value === null) delete field.value;
  }
}

/**
 * "Excluding deleted tickets" (Using the Incremental Exports API): the ticket export keeps
 * deleted tickets, with status "deleted", which the spec's status enum lacks.
 */
function dropDeletedStatus(body: Json): void {
  for (const ticket of body.tickets as Json[]) if (ticket.status === 'deleted') delete ticket.status;
}

/**
 * Ticket audit events reference: a Create/Change event's value "is an array when the value
 * of field_name is tags"; the Update Ticket response's AuditObject allows only string|integer.
 */
function dropTagListValues(body: Json): void {
  for (const event of ((body.audit as Json).events as Json[]) ?? []) {
    if (event.field_name === 'tags' && Array.isArray(event.value)) delete event.value;
  }
}

const REST_FIXTURES: Array<{
  file: string;
  method: string;
  path: string;
  exceptions?: keyof typeof DOCUMENTED_EXCEPTIONS;
}> = [
  { file: 'ticket-show.json', method: 'GET', path: '/api/v2/tickets/501.json', exceptions: 'ticketShow' },
  { file: 'ticket-audits-page-1.json', method: 'GET', path: '/api/v2/tickets/501/audits.json' },
  { file: 'ticket-audits-page-2.json', method: 'GET', path: '/api/v2/tickets/501/audits.json?page=2' },
  { file: 'user-show.json', method: 'GET', path: '/api/v2/users/9001.json' },
  { file: 'users-me.json', method: 'GET', path: '/api/v2/users/me.json' },
  { file: 'ticket-update.json', method: 'PUT', path: '/api/v2/tickets/501.json', exceptions: 'ticketUpdate' },
  {
    file: 'incremental-ticket-events.json',
    method: 'GET',
    path: '/api/v2/incremental/ticket_events.json?start_time=1741160000',
  },
  {
    file: 'incremental-tickets-cursor-page-1.json',
    method: 'GET',
    path: '/api/v2/incremental/tickets/cursor.json',
    exceptions: 'ticketExport',
  },
  {
    file: 'incremental-tickets-cursor-page-2.json',
    method: 'GET',
    path: '/api/v2/incremental/tickets/cursor.json',
    exceptions: 'ticketExport',
  },
];

describe('REST fixtures match zendesk_support_api.yaml', () => {
  it.each(REST_FIXTURES)('$method $path ← rest/$file', ({ file, method, path, exceptions }) => {
    const body = loadFixture(`rest/${file}`);
    for (const rule of exceptions ? DOCUMENTED_EXCEPTIONS[exceptions] : []) rule(body);
    expect(validateAgainstSpec(SPEC, { method, path, status: 200, body })).toEqual([]);
  });

  it('the validator is not vacuous: a wrong type and a missing required field are reported', () => {
    const ticket = loadFixture('rest/ticket-show.json');
    (ticket.ticket as Json).id = '501';
    delete (ticket.ticket as Json).requester_id;
    const errors = validateAgainstSpec(SPEC, {
      method: 'GET',
      path: '/api/v2/tickets/501.json',
      status: 200,
      body: ticket,
    });
    expect(errors.join('\n')).toMatch(/\/ticket\/id must be integer/);
    expect(errors.join('\n')).toMatch(/requester_id/);
    expect(validateAgainstSpec(SPEC, { method: 'GET', path: '/api/v2/nowhere.json', status: 200, body: {} })).toEqual([
      'no GET operation serves /api/v2/nowhere.json',
    ]);
  });

  it('users/me resolves to its own operation, not /users/{user_id}', () => {
    const anonymous = { user: { id: null, name: 'Anonymous user' } };
    const errors = validateAgainstSpec(SPEC, {
      method: 'GET',
      path: '/api/v2/users/me.json',
      status: 200,
      body: anonymous,
    });
    expect(errors.every((error) => error.startsWith('/api/v2/users/me '))).toBe(true);
  });

  // The spec types ticket_events items as ticket *metric* events (TicketMetricEventBaseObject:
  // metric, instance_id, time), so the check above passes without looking at what the
  // export documents. Check the documented fields of a ticket event ourselves.
  it('incremental ticket events carry the fields the export documents', () => {
    const page = loadFixture<{ ticket_events: Json[] }>('rest/incremental-ticket-events.json');
    for (const event of page.ticket_events) {
      expect(event).toEqual(
        expect.objectContaining({
          id: expect.any(Number),
          ticket_id: expect.any(Number),
          timestamp: expect.any(Number),
          created_at: expect.any(String),
          updater_id: expect.any(Number),
          via: expect.any(String),
          event_type: 'Audit',
          child_events: expect.any(Array),
        }),
      );
      for (const child of event.child_events as Json[]) {
        expect(child).toEqual(expect.objectContaining({ id: expect.any(Number), event_type: expect.any(String) }));
      }
    }
  });
});
