import { afterEach, describe, expect, it } from 'vitest';
import { createZendeskClient } from '../../integrations/zendesk/client.js';
import type { StandIns } from '../../demo/stand-ins/start-stand-ins.js';
import { ZendeskApiError } from '../../src/ports/errors.js';
import { validateAgainstSpec } from '../support/openapi.js';
import { fetchJson, start, ZENDESK, ZENDESK_SPEC, zendeskAuth } from './stand-ins-support.js';
import { AUDITS, CUSTOMER, TICKET } from './zendesk-scenario.js';

type Json = Record<string, unknown>;

/**
 * The narrow exceptions test/integrations/zendesk/fixtures.test.ts documents, applied the
 * same way: the spec types group_id, assignee_id, ticket_form_id, type and custom field
 * values without `nullable`, yet Zendesk sends null for "none"; and the Update Ticket
 * response's AuditObject allows only string|integer event values, while a `tags` Change
 * carries the tag array (Ticket audit events reference).
 */
function specCopy(body: Json): Json {
  const copy = structuredClone(body);
  const ticket = copy.ticket as Json | undefined;
  if (ticket) {
    for (const key of ['group_id', 'assignee_id', 'ticket_form_id', 'type'])
      if (ticket[key] === null) delete ticket[key];
    for (const list of ['custom_fields', 'fields'])
      for (const field of (ticket[list] as Json[] | undefined) ?? []) if (field.value === null) delete field.value;
  }
  const audit = copy.audit as Json | undefined;
  for (const event of (audit?.events as Json[] | undefined) ?? [])
    if (event.field_name === 'tags' && Array.isArray(event.value)) delete event.value;
  return copy;
}

function specProblems(method: string, url: string, status: number, body: Json): string[] {
  const { pathname, search } = new URL(url);
  return validateAgainstSpec(ZENDESK_SPEC, { method, path: pathname + search, status, body: specCopy(body) });
}

let running: StandIns | null = null;
afterEach(async () => {
  await running?.stop();
  running = null;
});

async function setup(auditsPerPage = 2) {
  running = await start({ zendesk: { ...ZENDESK, auditsPerPage } });
  const { url, state } = running.zendesk;
  state.putTicket(TICKET, AUDITS);
  state.putUser(CUSTOMER);
  const client = createZendeskClient({ url, email: ZENDESK.email, apiToken: ZENDESK.apiToken });
  const get = (path: string, auth = zendeskAuth()) => fetchJson(`${url}${path}`, { headers: { authorization: auth } });
  const put = (path: string, body: unknown) =>
    fetchJson(`${url}${path}`, {
      method: 'PUT',
      headers: { authorization: zendeskAuth(), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  return { url, state, client, get, put };
}

describe('Zendesk stand-in: reads through createZendeskClient', () => {
  it('serves the ticket, every audit page, the customer and the bot as the client maps them', async () => {
    const { client, state } = await setup();
    expect(await client.getTicket(501)).toMatchObject({
      id: 501,
      requesterId: 9001,
      status: 'solved',
      groupId: 360002,
      assigneeId: 7002,
      channel: 'email',
      formId: 360010,
    });

    const audits = await client.listAudits(501);
    expect(audits.map((a) => a.id)).toEqual([1001, 1002, 1003, 1004, 1005]);
    expect(audits[3]).toMatchObject({ channel: 'voice', authorId: 7002 });
    expect(audits[3]?.events).toEqual([
      { kind: 'comment', authorId: 7002, public: false, voice: true },
      { kind: 'group', value: 360002, previous: 360001 },
      { kind: 'assignee', value: 7002, previous: 7001 },
    ]);
    expect(audits[1]?.authorId).toBeNull(); // Zendesk's system user -1
    // Five audits, two per page: the client followed next_page twice, on the stand-in's host.
    expect(state.callsTo('/api/v2/tickets/501/audits.json').map((call) => call.query)).toEqual([
      {},
      { page: '2' },
      { page: '3' },
    ]);

    expect(await client.getUser(9001)).toEqual({
      id: 9001,
      name: 'Ana Jansen',
      email: 'ana.jansen@example.com',
      phone: '+31612345678',
      locale: 'nl',
      timeZone: 'Europe/Amsterdam',
      role: 'end-user',
    });
    expect(await client.getBotUserId()).toBe(8000);
  });

  it('answers every read the client made in the shape of zendesk_support_api.yaml', async () => {
    const { client, state, url, get } = await setup();
    await client.getTicket(501);
    await client.listAudits(501);
    await client.getUser(9001);
    await client.getBotUserId();
    const reads = state.calls.filter((call) => call.method === 'GET');
    expect(reads).toHaveLength(6);
    for (const call of reads) {
      const target = `${url}${call.path}${Object.keys(call.query).length > 0 ? `?${new URLSearchParams(call.query)}` : ''}`;
      const { status, body } = await get(target.slice(url.length));
      expect(status).toBe(200);
      expect(specProblems('GET', target, status, body)).toEqual([]);
    }
  });

  it('pages with cursors (page[size], meta.has_more, links.next) when asked to', async () => {
    const { get, url } = await setup();
    const seen: number[] = [];
    let next: string | null = `${url}/api/v2/tickets/501/audits.json?page%5Bsize%5D=2`;
    while (next) {
      const { status, body } = await get(next.slice(url.length));
      expect(specProblems('GET', next, status, body)).toEqual([]);
      seen.push(...(body.audits as Json[]).map((audit) => audit.id as number));
      const meta = body.meta as { has_more: boolean };
      next = meta.has_more ? (body.links as { next: string }).next : null;
    }
    expect(seen).toEqual([1001, 1002, 1003, 1004, 1005]);
    expect((await get('/api/v2/tickets/501/audits.json?page%5Bafter%5D=bm9wZQ')).status).toBe(400);
  });
});

describe('Zendesk stand-in: the bot writes through updateTicket', () => {
  const UPDATE = {
    customFields: [{ id: 360005, value: 62 }],
    addTags: ['effortless_scored'],
    removeTags: ['billing'],
    internalNote: 'Effort index 62: 1 channel switch, 1 team handoff.',
  };

  it('applies custom fields, the full tag list and a private note as one audit by the bot', async () => {
    const { client, state } = await setup();
    const { auditId } = await client.updateTicket(501, UPDATE);
    expect(auditId).toEqual(expect.any(Number));

    const put = state.callsTo('/api/v2/tickets/501.json', 'PUT');
    expect(put.map((call) => call.status)).toEqual([200]);
    expect(put[0]?.body).toEqual({
      ticket: {
        custom_fields: [{ id: 360005, value: 62 }],
        tags: ['effortless_scored'],
        comment: { body: UPDATE.internalNote, public: false },
        safe_update: true,
        updated_stamp: '2025-03-03T11:20:00Z',
      },
    });

    const ticket = state.ticket(501);
    expect(ticket?.tags).toEqual(['effortless_scored']);
    expect(ticket?.custom_fields).toEqual([{ id: 360005, value: '62' }]);
    expect(Date.parse(ticket?.updated_at ?? '')).toBeGreaterThan(Date.parse(TICKET.updated_at));

    expect(state.listUpdates()).toEqual([
      {
        ticketId: 501,
        auditId,
        at: ticket?.updated_at,
        tags: ['effortless_scored'],
        addedTags: ['effortless_scored'],
        removedTags: ['billing'],
        customFields: [{ id: 360005, value: '62', previous: null }],
        note: UPDATE.internalNote,
        notePublic: false,
        metadata: null,
      },
    ]);
    expect(state.listUpdates(999)).toEqual([]);

    const own = (await client.listAudits(501)).at(-1);
    expect(own).toMatchObject({ id: auditId, authorId: 8000, channel: 'api' });
    expect(own?.events).toEqual([{ kind: 'comment', authorId: 8000, public: false, voice: false }]);
    expect(await client.getTicket(501)).toMatchObject({
      tags: ['effortless_scored'],
      updatedAt: new Date(ticket?.updated_at ?? ''),
    });
  });

  it('answers the PUT like Update Ticket documents: { ticket, audit }', async () => {
    const { put, url } = await setup();
    const { status, body } = await put('/api/v2/tickets/501.json', {
      ticket: {
        tags: ['billing', 'vip'],
        custom_fields: [{ id: 360005, value: 40 }],
        comment: { body: 'A note', public: false },
      },
    });
    expect(status).toBe(200);
    expect(specProblems('PUT', `${url}/api/v2/tickets/501.json`, status, body)).toEqual([]);
    const audit = body.audit as { author_id: number; via: Json; events: Json[] };
    expect(audit.author_id).toBe(8000);
    expect(audit.via).toMatchObject({ channel: 'api' });
    expect(audit.events).toEqual([
      expect.objectContaining({ type: 'Comment', body: 'A note', public: false, author_id: 8000 }),
      expect.objectContaining({ type: 'Change', field_name: '360005', value: '40', previous_value: null }),
      expect.objectContaining({
        type: 'Change',
        field_name: 'tags',
        value: ['billing', 'vip'],
        previous_value: ['billing'],
      }),
    ]);
  });

  it('a comment without public: false is public, as in Zendesk, and the summary says so', async () => {
    const { put, state } = await setup();
    await put('/api/v2/tickets/501.json', { ticket: { comment: { body: 'Hello customer' } } });
    expect(state.listUpdates(501)[0]).toMatchObject({ note: 'Hello customer', notePublic: true });
  });

  it('answers 409 to a stale updated_stamp; the client reads again, keeps the agent change and writes once', async () => {
    const { client, state, put } = await setup();
    // An agent tags the ticket between the client's read and its write.
    let interleaved = false;
    const stop = state.onCall((call) => {
      if (interleaved || call.method !== 'GET' || call.path !== '/api/v2/tickets/501.json') return;
      interleaved = true;
      state.appendAudit({
        id: 1006,
        ticket_id: 501,
        created_at: '2025-03-03T11:25:00Z',
        author_id: 7002,
        via: { channel: 'web' },
        events: [{ type: 'Change', field_name: 'tags', value: ['billing', 'vip'], previous_value: ['billing'] }],
      });
    });
    await client.updateTicket(501, { ...UPDATE, removeTags: [] });
    stop();

    expect(state.callsTo('/api/v2/tickets/501.json', 'PUT').map((call) => call.status)).toEqual([409, 200]);
    expect(state.ticket(501)?.tags).toEqual(['billing', 'effortless_scored', 'vip']);
    expect(state.listUpdates(501)).toHaveLength(1);

    const stale = await put('/api/v2/tickets/501.json', {
      ticket: { tags: ['x'], safe_update: true, updated_stamp: TICKET.updated_at },
    });
    expect(stale.status).toBe(409);
    expect(stale.body).toEqual({
      error: 'UpdateConflict',
      description: expect.stringMatching(/^Safe Update prevented the update/),
    });
    expect(state.ticket(501)?.tags).not.toContain('x');
  });

  it('an audit the simulator appends moves the ticket (status, group) and updated_at forward', async () => {
    const { client, state } = await setup();
    state.appendAudit(
      {
        id: 1006,
        ticket_id: 501,
        created_at: '2025-03-04T08:00:00Z',
        author_id: 9001,
        via: { channel: 'chat' },
        events: [
          { type: 'Comment', body: 'The refund is not there yet.', public: true },
          { type: 'Change', field_name: 'status', value: 'open', previous_value: 'solved' },
        ],
      },
      { group_id: 360001 },
    );
    expect(await client.getTicket(501)).toMatchObject({
      status: 'open',
      groupId: 360001,
      updatedAt: new Date('2025-03-04T08:00:00Z'),
    });
    expect((await client.listAudits(501)).map((a) => a.id)).toEqual([1001, 1002, 1003, 1004, 1005, 1006]);
    expect(() => state.appendAudit({ ...AUDITS[0]!, ticket_id: 404 })).toThrow(/ticket 404 does not exist/);
  });
});

describe('Zendesk stand-in: errors in Zendesk shapes', () => {
  it('unknown ticket or user: 404 RecordNotFound, which the client reads as null or fails on', async () => {
    const { client, get } = await setup();
    expect(await client.getTicket(404)).toBeNull();
    expect(await client.getUser(404)).toBeNull();
    await expect(client.listAudits(404)).rejects.toMatchObject({ status: 404 });
    await expect(
      client.updateTicket(404, { customFields: [], addTags: ['x'], removeTags: [], internalNote: null }),
    ).rejects.toMatchObject({ status: 404 });
    expect(await get('/api/v2/tickets/404.json')).toEqual({
      status: 404,
      body: { error: 'RecordNotFound', description: 'Not found' },
    });
    expect(await get('/api/v2/incremental/tickets/cursor.json')).toEqual({
      status: 404,
      body: { error: 'InvalidEndpoint', description: 'Not found' },
    });
  });

  it('a closed ticket refuses updates with 422 RecordInvalid, a final error for the client', async () => {
    const { client, state, put } = await setup();
    state.putTicket({ ...TICKET, status: 'closed' }, AUDITS);
    await expect(
      client.updateTicket(501, { customFields: [], addTags: ['x'], removeTags: [], internalNote: null }),
    ).rejects.toMatchObject({ status: 422, retryable: false });
    expect(await put('/api/v2/tickets/501.json', { ticket: { tags: ['x'] } })).toEqual({
      status: 422,
      body: {
        error: 'RecordInvalid',
        description: 'Record validation errors',
        details: { status: [{ description: 'Status: closed prevents ticket update' }] },
      },
    });
    expect(state.listUpdates()).toEqual([]);
  });

  it('wrong credentials: 401 for everything; no credentials on users/me: the anonymous user', async () => {
    const { url, get, state } = await setup();
    const wrong = createZendeskClient({ url, email: ZENDESK.email, apiToken: 'not-the-token' });
    const error = await wrong.getTicket(501).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ZendeskApiError);
    expect(error).toMatchObject({ status: 401, retryable: false });
    expect((error as Error).message).toMatch(/Couldn't authenticate you.*ZENDESK_API_TOKEN/);
    expect(await get('/api/v2/users/9001.json', zendeskAuth('someone@example.com'))).toEqual({
      status: 401,
      body: { error: "Couldn't authenticate you" },
    });

    const anonymous = await fetchJson(`${url}/api/v2/users/me.json`);
    expect(anonymous).toMatchObject({ status: 200, body: { user: { id: null, name: 'Anonymous user' } } });
    expect(state.calls.map((call) => call.status)).toEqual([401, 401, 200]);
  });
});
