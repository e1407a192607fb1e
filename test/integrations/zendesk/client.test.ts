import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createZendeskClient, type ZendeskClientOptions } from '../../../integrations/zendesk/client.js';
import { fullJitter, retryAfterMs } from '../../../integrations/zendesk/request-with-retries.js';
import { ZendeskApiError } from '../../../src/ports/errors.js';
import { loadFixture } from './load-fixture.js';

// A test double's address, not Zendesk's: the fixtures' next_page links point at
// example.zendesk.com and the client must keep talking to the configured base URL.
const BASE = 'http://zendesk.test';
const TOKEN = 'sEcReTtOkEn123';

function setup(overrides: Partial<ZendeskClientOptions> = {}) {
  const sleeps: number[] = [];
  const logs: Array<{ level: string; obj: object; msg?: string }> = [];
  const client = createZendeskClient({
    url: `${BASE}/`,
    email: 'bot@example.com',
    apiToken: TOKEN,
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 0.5,
    logger: {
      debug: (obj, msg) => void logs.push({ level: 'debug', obj, msg }),
      warn: (obj, msg) => void logs.push({ level: 'warn', obj, msg }),
    },
    ...overrides,
  });
  return { client, sleeps, logs, api: nock(BASE) };
}

const json = { 'Content-Type': 'application/json; charset=utf-8' };

describe('createZendeskClient: reads', () => {
  it('gets a ticket with API-token basic auth', async () => {
    const { client, api } = setup();
    const auth = `Basic ${Buffer.from(`bot@example.com/token:${TOKEN}`).toString('base64')}`;
    api.get('/api/v2/tickets/501.json').matchHeader('authorization', auth).reply(200, loadFixture('rest/ticket-show.json'), json);
    expect(await client.getTicket(501)).toMatchObject({ id: 501, status: 'solved', channel: 'email' });
    expect(api.isDone()).toBe(true);
  });

  it('answers null for a ticket or user that does not exist, without retrying', async () => {
    const { client, api, sleeps } = setup();
    api.get('/api/v2/tickets/404.json').reply(404, { error: 'RecordNotFound', description: 'Not found' }, json);
    api.get('/api/v2/users/404.json').reply(404, { error: 'RecordNotFound', description: 'Not found' }, json);
    expect(await client.getTicket(404)).toBeNull();
    expect(await client.getUser(404)).toBeNull();
    expect(sleeps).toEqual([]);
  });

  it('reads every audit page, following next_page on the configured host, oldest first', async () => {
    const { client, api } = setup();
    api.get('/api/v2/tickets/501/audits.json').reply(200, loadFixture('rest/ticket-audits-page-1.json'), json);
    api.get('/api/v2/tickets/501/audits.json').query({ page: '2' }).reply(200, loadFixture('rest/ticket-audits-page-2.json'), json);
    const audits = await client.listAudits(501);
    expect(audits.map((audit) => audit.id)).toEqual([1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008]);
    expect(api.isDone()).toBe(true);
  });

  it('follows cursor pagination (meta.has_more, links.next) when Zendesk answers that way', async () => {
    const { client, api } = setup();
    const page1 = loadFixture('rest/ticket-audits-page-1.json');
    const page2 = loadFixture('rest/ticket-audits-page-2.json');
    const next = 'https://example.zendesk.com/api/v2/tickets/501/audits.json?page%5Bafter%5D=xyz&page%5Bsize%5D=4';
    api.get('/api/v2/tickets/501/audits.json').reply(200, { audits: page1.audits, meta: { has_more: true, after_cursor: 'xyz' }, links: { next } }, json);
    api.get('/api/v2/tickets/501/audits.json').query({ 'page[after]': 'xyz', 'page[size]': '4' })
      .reply(200, { audits: page2.audits, meta: { has_more: false, after_cursor: null }, links: { next: null } }, json);
    expect(await client.listAudits(501)).toHaveLength(8);
  });

  it('gets a user and caches the bot user id from users/me', async () => {
    const { client, api } = setup();
    api.get('/api/v2/users/9001.json').reply(200, loadFixture('rest/user-show.json'), json);
    api.get('/api/v2/users/me.json').once().reply(200, loadFixture('rest/users-me.json'), json);
    expect(await client.getUser(9001)).toMatchObject({ id: 9001, timeZone: 'Europe/Amsterdam' });
    expect(await client.getBotUserId()).toBe(8000);
    expect(await client.getBotUserId()).toBe(8000);
  });

  it('refuses the anonymous user Zendesk returns for bad credentials on users/me', async () => {
    const { client, api } = setup();
    api.get('/api/v2/users/me.json').reply(200, { user: { id: null, name: 'Anonymous user', role: 'end-user' } }, json);
    await expect(client.getBotUserId()).rejects.toThrow(/anonymous user; check ZENDESK_EMAIL/);
  });
});

describe('createZendeskClient: writes', () => {
  const update = {
    customFields: [{ id: 360005, value: 62 }],
    addTags: ['effort_medium'],
    removeTags: ['effort_low'],
    internalNote: 'Effort index 62: 2 channel switches, 2 team handoffs, 1 reopen.',
  };
  const ticketShow = () => loadFixture<{ ticket: { tags: string[]; updated_at: string } }>('rest/ticket-show.json');

  it('reads the ticket, then PUTs fields, the full tag list and a private note as a safe update', async () => {
    const { client, api } = setup();
    const shown = ticketShow();
    api.get('/api/v2/tickets/501.json').reply(200, shown, json);
    const expectedBody = {
      ticket: {
        custom_fields: [{ id: 360005, value: 62 }],
        tags: [...shown.ticket.tags.filter((t) => t !== 'effort_low'), 'effort_medium'],
        comment: { body: update.internalNote, public: false },
        safe_update: true,
        updated_stamp: shown.ticket.updated_at,
      },
    };
    api.put('/api/v2/tickets/501.json', expectedBody).reply(200, loadFixture('rest/ticket-update.json'), json);
    expect(await client.updateTicket(501, update)).toEqual({ auditId: 1008 });
    expect(api.isDone()).toBe(true);
  });

  it('reads again and retries after a 409 caused by someone else', async () => {
    const { client, api } = setup();
    const first = ticketShow();
    const second = ticketShow();
    second.ticket.updated_at = '2025-03-04T09:00:00Z';
    second.ticket.tags = [...second.ticket.tags, 'agent_added'];
    api.get('/api/v2/tickets/501.json').reply(200, first, json);
    api.put('/api/v2/tickets/501.json').reply(409, { error: 'UpdateConflict', description: 'Ticket was updated since' }, json);
    api.get('/api/v2/users/me.json').reply(200, loadFixture('rest/users-me.json'), json);
    // Only the first page: none of its audits is the bot's since the stamp, so the conflict was someone else's.
    const firstPage = loadFixture<{ next_page: string | null }>('rest/ticket-audits-page-1.json');
    firstPage.next_page = null;
    api.get('/api/v2/tickets/501/audits.json').reply(200, firstPage, json);
    api.get('/api/v2/tickets/501.json').reply(200, second, json);
    api
      .put('/api/v2/tickets/501.json', (body: { ticket: { tags: string[]; updated_stamp: string } }) =>
        body.ticket.tags.includes('agent_added') && body.ticket.updated_stamp === '2025-03-04T09:00:00Z',
      )
      .reply(200, loadFixture('rest/ticket-update.json'), json);
    expect(await client.updateTicket(501, update)).toEqual({ auditId: 1008 });
    expect(api.isDone()).toBe(true);
  });

  it('does not write the note twice when the 409 comes from its own earlier, lost attempt', async () => {
    const { client, api } = setup();
    const shown = ticketShow();
    const me = loadFixture<{ user: { id: number } }>('rest/users-me.json');
    api.get('/api/v2/tickets/501.json').reply(200, shown, json);
    api.put('/api/v2/tickets/501.json').reply(409, { error: 'UpdateConflict' }, json);
    api.get('/api/v2/users/me.json').reply(200, me, json);
    const ownAudit = {
      id: 4242,
      ticket_id: 501,
      created_at: '2025-03-04T08:32:00Z',
      author_id: me.user.id,
      via: { channel: 'api', source: { from: {}, to: {}, rel: null } },
      metadata: {},
      events: [{ id: 1, type: 'Comment', author_id: me.user.id, body: 'Effortless: effort index 62/100', public: false, attachments: [] }],
    };
    api.get('/api/v2/tickets/501/audits.json').reply(200, { audits: [ownAudit], next_page: null, previous_page: null, count: 1 }, json);
    expect(await client.updateTicket(501, update)).toEqual({ auditId: 4242 });
    expect(api.isDone()).toBe(true);
  });

  it('sends nothing for an empty update', async () => {
    const { client } = setup();
    expect(await client.updateTicket(501, { customFields: [], addTags: [], removeTags: [], internalNote: null })).toEqual({ auditId: null });
  });
});

describe('createZendeskClient: retries', () => {
  it('waits what Retry-After says after a 429, then succeeds', async () => {
    const { client, api, sleeps, logs } = setup();
    api.get('/api/v2/tickets/501.json').reply(429, { error: 'TooManyRequests' }, { ...json, 'Retry-After': '7' });
    api.get('/api/v2/tickets/501.json').reply(200, loadFixture('rest/ticket-show.json'), json);
    expect(await client.getTicket(501)).toMatchObject({ id: 501 });
    expect(sleeps).toEqual([7_000]);
    expect(logs.find((log) => log.level === 'warn')?.obj).toMatchObject({ operation: 'getTicket', ticketId: 501, attempt: 1, status: 429, delayMs: 7_000 });
    expect(JSON.stringify(logs)).not.toContain(TOKEN);
  });

  it('backs off exponentially with full jitter on 5xx and network errors, then succeeds', async () => {
    const { client, api, sleeps } = setup();
    api.get('/api/v2/users/9001.json').reply(500, 'oops');
    // nock 14 needs a real Error here; a plain { code, message } object hangs node-fetch (nock#2789).
    api.get('/api/v2/users/9001.json').replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    api.get('/api/v2/users/9001.json').reply(502, '<html>Bad gateway</html>', { 'Content-Type': 'text/html' });
    api.get('/api/v2/users/9001.json').reply(200, loadFixture('rest/user-show.json'), json);
    expect(await client.getUser(9001)).toMatchObject({ id: 9001 });
    // random() = 0.5 of 1s, 2s, 4s
    expect(sleeps).toEqual([500, 1_000, 2_000]);
  });

  it('gives up after maxAttempts with a retryable ZendeskApiError', async () => {
    const { client, api, sleeps } = setup({ maxAttempts: 3 });
    api.get('/api/v2/tickets/501/audits.json').times(3).reply(503, { error: 'ServiceUnavailable' }, json);
    const error = await client.listAudits(501).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ZendeskApiError);
    expect(error).toMatchObject({ status: 503, retryable: true });
    expect(sleeps).toHaveLength(2);
  });

  it('honours Retry-After on a 503 and backs off on a 429 that lacks it', async () => {
    const { client, api, sleeps } = setup();
    api.get('/api/v2/tickets/501.json').reply(503, { error: 'Maintenance' }, { ...json, 'Retry-After': '30' });
    api.get('/api/v2/tickets/501.json').reply(429, { error: 'TooManyRequests' }, json);
    api.get('/api/v2/tickets/501.json').reply(200, loadFixture('rest/ticket-show.json'), json);
    await client.getTicket(501);
    expect(sleeps).toEqual([30_000, 1_000]);
  });

  it('reports exhausted network errors as retryable with no status', async () => {
    const { client, api } = setup({ maxAttempts: 2 });
    api.get('/api/v2/users/me.json').times(2).replyWithError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    await expect(client.getBotUserId()).rejects.toMatchObject({ name: 'ZendeskApiError', status: null, retryable: true });
  });

  it('does not retry other 4xx and says what Zendesk said', async () => {
    const { client, api, sleeps } = setup();
    api.get('/api/v2/tickets/501.json').reply(200, loadFixture('rest/ticket-show.json'), json);
    api.put('/api/v2/tickets/501.json').reply(422, { error: 'RecordInvalid', description: 'Record validation errors' }, json);
    const error = await client
      .updateTicket(501, { customFields: [], addTags: ['x'], removeTags: [], internalNote: null })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'ZendeskApiError', status: 422, retryable: false });
    expect((error as Error).message).toContain('RecordInvalid: Record validation errors');
    expect(sleeps).toEqual([]);
  });

  it('points at the credentials on 401', async () => {
    const { client, api } = setup();
    api.get('/api/v2/tickets/501.json').reply(401, { error: "Couldn't authenticate you" }, json);
    await expect(client.getTicket(501)).rejects.toThrow(/ZENDESK_API_TOKEN/);
  });

  it('caps full jitter at 60 s and reads Retry-After as seconds or an HTTP date', () => {
    expect(fullJitter(1, () => 0.999)).toBe(999);
    expect(fullJitter(20, () => 0.5)).toBe(30_000);
    expect(retryAfterMs('60', 0)).toBe(60_000);
    expect(retryAfterMs('Wed, 05 Mar 2025 10:00:10 GMT', Date.parse('2025-03-05T10:00:00Z'))).toBe(10_000);
    expect(retryAfterMs('soon', 0)).toBeNull();
  });
});

describe('createZendeskClient: incremental exports', () => {
  it('exports ticket events with comment events and says where to continue', async () => {
    const { client, api } = setup();
    api.get('/api/v2/incremental/ticket_events.json').query({ start_time: '1741160000', include: 'comment_events' })
      .reply(200, loadFixture('rest/incremental-ticket-events.json'), json);
    const page = await client.exportTicketEvents(1741160000);
    expect(page.audits.map((audit) => [audit.id, audit.channel])).toEqual([[2001, 'web'], [2002, 'voice'], [2003, 'email'], [2004, 'web'], [2005, 'rule']]);
    expect(page).toMatchObject({ nextStartTime: 1741170605, endOfStream: true });
  });

  it('skips a malformed export record instead of stalling the backfill', async () => {
    const { client, api, logs } = setup();
    const body = loadFixture<{ ticket_events: unknown[] }>('rest/incremental-ticket-events.json');
    body.ticket_events.push({ id: 2999, ticket_id: 502 });
    api.get('/api/v2/incremental/ticket_events.json').query(true).reply(200, body, json);
    expect((await client.exportTicketEvents(1)).audits).toHaveLength(5);
    expect(logs.some((log) => log.level === 'warn' && (log.obj as { eventId?: unknown }).eventId === 2999)).toBe(true);
  });

  it('exports tickets by start time, then by cursor', async () => {
    const { client, api } = setup();
    api.get('/api/v2/incremental/tickets/cursor.json').query({ start_time: '1741160000' })
      .reply(200, loadFixture('rest/incremental-tickets-cursor-page-1.json'), json);
    api.get('/api/v2/incremental/tickets/cursor.json').query({ cursor: 'MTc0MTE3MDYwNS4wfHw1MDJ8' })
      .reply(200, loadFixture('rest/incremental-tickets-cursor-page-2.json'), json);
    const first = await client.exportTickets({ startTime: 1741160000 });
    expect(first).toMatchObject({ afterCursor: 'MTc0MTE3MDYwNS4wfHw1MDJ8', endOfStream: false });
    expect(first.tickets.map((ticket) => ticket.id)).toEqual([501, 502]);
    const second = await client.exportTickets({ cursor: first.afterCursor! });
    expect(second).toMatchObject({ afterCursor: 'MTc0MTE3MzAwMC4wfHw1MDN8', endOfStream: true });
    expect(second.tickets[0]).toMatchObject({ id: 503, status: 'deleted' });
  });
});
