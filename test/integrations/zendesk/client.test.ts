import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createRequestBudget } from '../../../integrations/zendesk/request-budget.js';
import { createZendeskClient, type ZendeskClientOptions } from '../../../integrations/zendesk/client.js';
import { createRateLimitGate } from '../../../compose/integrations.js';
import { OutcomeUnknownError, RetryLater, ZendeskApiError } from '../../../src/ports/errors.js';
import { loadFixture } from './load-fixture.js';

// A test double's address, not Zendesk's: the fixtures' next_page links point at
// example.zendesk.com and the client must keep talking to the configured base URL.
const BASE = 'http://zendesk.test';
const TOKEN = 'sEcReTtOkEn123';

function setup(overrides: Partial<ZendeskClientOptions> = {}) {
  const logs: Array<{ level: string; obj: object; msg?: string }> = [];
  const client = createZendeskClient({
    url: `${BASE}/`,
    email: 'bot@example.com',
    apiToken: TOKEN,
    logger: {
      debug: (obj, msg) => void logs.push({ level: 'debug', obj, msg }),
      warn: (obj, msg) => void logs.push({ level: 'warn', obj, msg }),
    },
    ...overrides,
  });
  return { client, logs, api: nock(BASE) };
}

/** Counts the requests nock answered, so a test can say "exactly one, no retry inside the client". */
function countRequests(api: nock.Scope): () => number {
  let count = 0;
  api.on('request', () => void (count += 1));
  return () => count;
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable('expected the call to fail'),
    (error: unknown) => error,
  );
}

const json = { 'Content-Type': 'application/json; charset=utf-8' };

/** A REST ticket fixture as the domain sees it (what a webhook's detail maps to). */
async function mapped(file: string) {
  const { mapTicket } = await import('../../../integrations/zendesk/map.js');
  return mapTicket(loadFixture<{ ticket: unknown }>(file).ticket);
}

describe('createZendeskClient: reads', () => {
  it('gets a ticket with API-token basic auth', async () => {
    const { client, api } = setup();
    const auth = `Basic ${Buffer.from(`bot@example.com/token:${TOKEN}`).toString('base64')}`;
    api
      .get('/api/v2/tickets/501.json')
      .matchHeader('authorization', auth)
      .reply(200, loadFixture('rest/ticket-show.json'), json);
    expect(await client.getTicket(501)).toMatchObject({ id: 501, status: 'solved', channel: 'email' });
    expect(api.isDone()).toBe(true);
  });

  it('answers null for a ticket or user that does not exist, without retrying', async () => {
    const { client, api } = setup();
    const requests = countRequests(api);
    api.get('/api/v2/tickets/404.json').reply(404, { error: 'RecordNotFound', description: 'Not found' }, json);
    api.get('/api/v2/users/404.json').reply(404, { error: 'RecordNotFound', description: 'Not found' }, json);
    expect(await client.getTicket(404)).toBeNull();
    expect(await client.getUser(404)).toBeNull();
    expect(requests()).toBe(2);
  });

  it('reads every audit page, following next_page on the configured host, oldest first', async () => {
    const { client, api } = setup();
    api.get('/api/v2/tickets/501/audits.json').reply(200, loadFixture('rest/ticket-audits-page-1.json'), json);
    api
      .get('/api/v2/tickets/501/audits.json')
      .query({ page: '2' })
      .reply(200, loadFixture('rest/ticket-audits-page-2.json'), json);
    const audits = await client.listAudits(501);
    expect(audits.map((audit) => audit.id)).toEqual([1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008]);
    expect(api.isDone()).toBe(true);
  });

  it('follows cursor pagination (meta.has_more, links.next) when Zendesk answers that way', async () => {
    const { client, api } = setup();
    const page1 = loadFixture('rest/ticket-audits-page-1.json');
    const page2 = loadFixture('rest/ticket-audits-page-2.json');
    const next = 'https://example.zendesk.com/api/v2/tickets/501/audits.json?page%5Bafter%5D=xyz&page%5Bsize%5D=4';
    api
      .get('/api/v2/tickets/501/audits.json')
      .reply(200, { audits: page1.audits, meta: { has_more: true, after_cursor: 'xyz' }, links: { next } }, json);
    api
      .get('/api/v2/tickets/501/audits.json')
      .query({ 'page[after]': 'xyz', 'page[size]': '4' })
      .reply(200, { audits: page2.audits, meta: { has_more: false, after_cursor: null }, links: { next: null } }, json);
    expect(await client.listAudits(501)).toHaveLength(8);
  });

  it('reads a case given by a webhook in one listing: audits with users sideloaded, no ticket read', async () => {
    const { client, api } = setup();
    const page = loadFixture<Record<string, unknown>>('rest/ticket-audits-page-1.json');
    const requester = loadFixture<{ user: unknown }>('rest/user-show.json').user;
    api
      .get('/api/v2/tickets/501/audits.json')
      .query({ include: 'users' })
      .reply(200, { ...page, next_page: null, users: [requester, { id: 'not a user' }] }, json);
    const known = { ...(await mapped('rest/ticket-show.json')) };
    const read = await client.readCase(501, known);
    expect(read?.ticket).toBe(known);
    expect(read?.users.map((user) => user.id)).toEqual([9001]);
    expect(read?.audits.length).toBeGreaterThan(0);
    expect(api.isDone()).toBe(true);
  });

  it('reads the ticket with users sideloaded beside the audits when no webhook carried it; null on 404', async () => {
    const { client, api } = setup();
    const page = loadFixture<Record<string, unknown>>('rest/ticket-audits-page-1.json');
    api
      .get('/api/v2/tickets/501.json')
      .query({ include: 'users' })
      .reply(
        200,
        {
          ...loadFixture<Record<string, unknown>>('rest/ticket-show.json'),
          users: [loadFixture<{ user: unknown }>('rest/user-show.json').user],
        },
        json,
      );
    api
      .get('/api/v2/tickets/501/audits.json')
      .query({ include: 'users' })
      .reply(200, { ...page, next_page: null }, json);
    const read = await client.readCase(501, null);
    expect(read).toMatchObject({ ticket: { id: 501, status: 'solved' }, users: [{ id: 9001, locale: 'nl' }] });
    api.get('/api/v2/tickets/404.json').query({ include: 'users' }).reply(404, { error: 'RecordNotFound' }, json);
    api
      .get('/api/v2/tickets/404/audits.json')
      .query({ include: 'users' })
      .reply(404, { error: 'RecordNotFound' }, json);
    expect(await client.readCase(404, null)).toBeNull();
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
    expect(await client.updateTicket(501, update)).toMatchObject({ auditId: 1008, ticket: { id: 501 } });
    expect(api.isDone()).toBe(true);
  });

  it('reads again and retries after a 409 caused by someone else', async () => {
    const { client, api } = setup();
    const first = ticketShow();
    const second = ticketShow();
    second.ticket.updated_at = '2025-03-04T09:00:00Z';
    second.ticket.tags = [...second.ticket.tags, 'agent_added'];
    api.get('/api/v2/tickets/501.json').reply(200, first, json);
    api
      .put('/api/v2/tickets/501.json')
      .reply(409, { error: 'UpdateConflict', description: 'Ticket was updated since' }, json);
    api.get('/api/v2/users/me.json').reply(200, loadFixture('rest/users-me.json'), json);
    // Only the first page: none of its audits is the bot's since the stamp, so the conflict was someone else's.
    const firstPage = loadFixture<{ next_page: string | null }>('rest/ticket-audits-page-1.json');
    firstPage.next_page = null;
    api.get('/api/v2/tickets/501/audits.json').reply(200, firstPage, json);
    api.get('/api/v2/tickets/501.json').reply(200, second, json);
    api
      .put(
        '/api/v2/tickets/501.json',
        (body: { ticket: { tags: string[]; updated_stamp: string } }) =>
          body.ticket.tags.includes('agent_added') && body.ticket.updated_stamp === '2025-03-04T09:00:00Z',
      )
      .reply(200, loadFixture('rest/ticket-update.json'), json);
    expect(await client.updateTicket(501, update)).toMatchObject({ auditId: 1008 });
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
      events: [
        {
          id: 1,
          type: 'Comment',
          author_id: me.user.id,
          body: 'Effortless: effort index 62/100',
          public: false,
          attachments: [],
        },
      ],
    };
    api
      .get('/api/v2/tickets/501/audits.json')
      .reply(200, { audits: [ownAudit], next_page: null, previous_page: null, count: 1 }, json);
    expect(await client.updateTicket(501, update)).toEqual({ auditId: 4242, ticket: null });
    expect(api.isDone()).toBe(true);
  });

  it('sends nothing for an empty update', async () => {
    const { client } = setup();
    expect(
      await client.updateTicket(501, { customFields: [], addTags: [], removeTags: [], internalNote: null }),
    ).toEqual({ auditId: null, ticket: null });
  });

  it('writes at once, without a read, on a known state: its tags and its stamp in Zendesk’s own form', async () => {
    const { client, api } = setup();
    const known = { tags: ['billing', 'effort_low'], updatedAt: new Date('2025-03-04T08:30:00.000Z') };
    api
      .put(
        '/api/v2/tickets/501.json',
        (body: { ticket: { tags: string[]; updated_stamp: string; safe_update: boolean } }) =>
          body.ticket.safe_update &&
          body.ticket.updated_stamp === '2025-03-04T08:30:00Z' &&
          body.ticket.tags.join() === 'billing,effort_medium',
      )
      .reply(200, loadFixture('rest/ticket-update.json'), json);
    expect(await client.updateTicket(501, update, known)).toMatchObject({ auditId: 1008 });
    expect(api.isDone()).toBe(true);
  });

  it('reads the ticket after a 409 on a known state that was out of date, then writes on what it read', async () => {
    const { client, api } = setup();
    const shown = ticketShow();
    const known = { tags: ['billing'], updatedAt: new Date('2025-03-01T00:00:00Z') };
    api.put('/api/v2/tickets/501.json').reply(409, { error: 'UpdateConflict' }, json);
    api.get('/api/v2/users/me.json').reply(200, loadFixture('rest/users-me.json'), json);
    const firstPage = loadFixture<{ next_page: string | null }>('rest/ticket-audits-page-1.json');
    firstPage.next_page = null;
    api.get('/api/v2/tickets/501/audits.json').reply(200, firstPage, json);
    api.get('/api/v2/tickets/501.json').reply(200, shown, json);
    api
      .put(
        '/api/v2/tickets/501.json',
        (body: { ticket: { updated_stamp: string } }) => body.ticket.updated_stamp === shown.ticket.updated_at,
      )
      .reply(200, loadFixture('rest/ticket-update.json'), json);
    expect(await client.updateTicket(501, update, known)).toMatchObject({ auditId: 1008 });
    expect(api.isDone()).toBe(true);
  });
});

// Retrying is the queue workers' job (they reschedule the row); the client makes one request
// per call and says, by the error's class, whether and when another try may help.
describe('createZendeskClient: one request per call', () => {
  it('a 429 with Retry-After throws RetryLater for that long, after exactly one request', async () => {
    const { client, api, logs } = setup();
    const requests = countRequests(api);
    api.get('/api/v2/tickets/501.json').reply(429, { error: 'TooManyRequests' }, { ...json, 'Retry-After': '7' });
    const error = await failure(client.getTicket(501));
    expect(error).toBeInstanceOf(RetryLater);
    expect(error).toMatchObject({ retryAfterMs: 7_000, retryable: true });
    expect(requests()).toBe(1);
    expect(logs.find((log) => log.level === 'warn')?.obj).toMatchObject({
      operation: 'getTicket',
      ticketId: 501,
      status: 429,
      retryAfterMs: 7_000,
    });
    expect(JSON.stringify(logs)).not.toContain(TOKEN);
  });

  it.each([
    ['a 500', (scope: nock.Interceptor) => scope.reply(500, 'oops'), 500],
    [
      'a 502 with an HTML page',
      (scope: nock.Interceptor) => scope.reply(502, '<html>Bad gateway</html>', { 'Content-Type': 'text/html' }),
      502,
    ],
    // nock 14 needs a real Error here; a plain { code, message } object never settles the request (nock#2789).
    [
      'a reset',
      (scope: nock.Interceptor) =>
        scope.replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })),
      null,
    ],
  ])('%s on a read is a retryable ZendeskApiError, after exactly one request', async (_what, answer, status) => {
    const { client, api } = setup();
    const requests = countRequests(api);
    answer(api.get('/api/v2/users/9001.json'));
    const error = await failure(client.getUser(9001));
    expect(error).toBeInstanceOf(ZendeskApiError);
    expect(error).toMatchObject({ status, retryable: true });
    expect(requests()).toBe(1);
  });

  it('a 503 is retryable and passes its Retry-After on; a 429 without one is retryable with no wait and holds nothing', async () => {
    const gate = createRateLimitGate(() => 0);
    const { client, api } = setup({ gate });
    api.get('/api/v2/tickets/501.json').reply(503, { error: 'Maintenance' }, { ...json, 'Retry-After': '30' });
    api.get('/api/v2/tickets/501.json').reply(429, { error: 'TooManyRequests' }, json);
    expect(await failure(client.getTicket(501))).toMatchObject({
      name: 'ZendeskApiError',
      status: 503,
      retryable: true,
      retryAfterMs: 30_000,
    });
    const unhinted = await failure(client.getTicket(501));
    expect(unhinted).toMatchObject({ name: 'ZendeskApiError', status: 429, retryable: true });
    expect((unhinted as ZendeskApiError).retryAfterMs).toBeUndefined();
    expect(gate.remainingMs()).toBe(0);
  });

  it('reports a refused connection as retryable with no status', async () => {
    const { client, api } = setup();
    api
      .get('/api/v2/users/me.json')
      .replyWithError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    await expect(client.getBotUserId()).rejects.toMatchObject({
      name: 'ZendeskApiError',
      status: null,
      retryable: true,
    });
  });

  it('does not retry other 4xx and says what Zendesk said', async () => {
    const { client, api } = setup();
    const requests = countRequests(api);
    api.get('/api/v2/tickets/501.json').reply(200, loadFixture('rest/ticket-show.json'), json);
    api
      .put('/api/v2/tickets/501.json')
      .reply(422, { error: 'RecordInvalid', description: 'Record validation errors' }, json);
    const error = await client
      .updateTicket(501, { customFields: [], addTags: ['x'], removeTags: [], internalNote: null })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'ZendeskApiError', status: 422, retryable: false });
    expect((error as Error).message).toContain('RecordInvalid: Record validation errors');
    expect(requests()).toBe(2); // the GET that reads the ticket, the one PUT
  });

  it('points at the credentials on 401', async () => {
    const { client, api } = setup();
    api.get('/api/v2/tickets/501.json').reply(401, { error: "Couldn't authenticate you" }, json);
    await expect(client.getTicket(501)).rejects.toThrow(/ZENDESK_API_TOKEN/);
  });
});

describe('createZendeskClient: paging fails as a whole', () => {
  it('a 503 on the second audit page fails listAudits, retryable, without retrying the page', async () => {
    const { client, api } = setup();
    const requests = countRequests(api);
    api.get('/api/v2/tickets/501/audits.json').reply(200, loadFixture('rest/ticket-audits-page-1.json'), json);
    api.get('/api/v2/tickets/501/audits.json').query({ page: '2' }).reply(503, { error: 'ServiceUnavailable' }, json);
    const error = await failure(client.listAudits(501));
    expect(error).toBeInstanceOf(ZendeskApiError);
    expect(error).toMatchObject({ status: 503, retryable: true });
    expect(requests()).toBe(2);
  });

  it('a second page that never answers fails listAudits within the timeout', async () => {
    const { client, api } = setup({ timeoutMs: 100 });
    api.get('/api/v2/tickets/501/audits.json').reply(200, loadFixture('rest/ticket-audits-page-1.json'), json);
    api
      .get('/api/v2/tickets/501/audits.json')
      .query({ page: '2' })
      .delay(5_000)
      .reply(200, loadFixture('rest/ticket-audits-page-2.json'), json);
    const started = Date.now();
    const error = await failure(client.listAudits(501));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(error).toMatchObject({
      name: 'ZendeskApiError',
      status: null,
      retryable: true,
      message: expect.stringContaining('within 100 ms'),
    });
  });
});

describe('createZendeskClient: timeouts', () => {
  const update = { customFields: [], addTags: ['x'], removeTags: [], internalNote: 'Effort index 62.' };

  it.each([
    ['answer', (scope: nock.Interceptor) => scope.delayConnection(5_000)],
    ['body', (scope: nock.Interceptor) => scope.delayBody(5_000)],
  ])('a read whose %s never comes times out within timeoutMs as a retryable ZendeskApiError', async (_what, hang) => {
    const { client, api } = setup({ timeoutMs: 100 });
    hang(api.get('/api/v2/tickets/501.json')).reply(200, loadFixture('rest/ticket-show.json'), json);
    const started = Date.now();
    const error = await failure(client.getTicket(501));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(error).toBeInstanceOf(ZendeskApiError);
    expect(error).toMatchObject({
      status: null,
      retryable: true,
      message: 'getTicket: no answer from Zendesk within 100 ms',
    });
  });

  it('a PUT whose answer never comes throws OutcomeUnknownError: Zendesk may have applied it', async () => {
    const { client, api } = setup({ timeoutMs: 100 });
    api.get('/api/v2/tickets/501.json').reply(200, loadFixture('rest/ticket-show.json'), json);
    api.put('/api/v2/tickets/501.json').delay(5_000).reply(200, loadFixture('rest/ticket-update.json'), json);
    const started = Date.now();
    const error = await failure(client.updateTicket(501, update));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(error).toMatchObject({ code: 'outcome_unknown', retryable: true });
    expect(JSON.stringify(error) + (error as Error).message).not.toContain(TOKEN);
  });

  it('a PUT whose connection is reset after it was sent throws OutcomeUnknownError too', async () => {
    const { client, api } = setup();
    api.get('/api/v2/tickets/501.json').reply(200, loadFixture('rest/ticket-show.json'), json);
    api
      .put('/api/v2/tickets/501.json')
      .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    expect(await failure(client.updateTicket(501, update))).toBeInstanceOf(OutcomeUnknownError);
  });
});

describe('createZendeskClient: the request budget', () => {
  it('sends nothing once the budget is spent: RetryLater for the next slot, and counts what went out', async () => {
    const now = 5_000_000;
    const sent: string[] = [];
    const budget = createRequestBudget({ perMinute: 1, now: () => now });
    const { client, api } = setup({ budget, now: () => now, onRequest: (operation) => sent.push(operation) });
    const requests = countRequests(api);
    api.get('/api/v2/users/9001.json').reply(200, loadFixture('rest/user-show.json'), json);
    expect(await client.getUser(9001)).toMatchObject({ id: 9001 });
    const error = await failure(client.getTicket(501));
    expect(error).toMatchObject({ name: 'RetryLater', retryAfterMs: 66_667 });
    expect((error as Error).message).toContain('ZENDESK_REQUESTS_PER_MINUTE');
    expect(requests()).toBe(1);
    expect(sent).toEqual(['getUser']);
  });
});

describe('createZendeskClient: the rate-limit gate', () => {
  it('after a 429, every call fails fast with RetryLater for the time left, then goes through', async () => {
    let now = 1_000_000;
    const gate = createRateLimitGate(() => now);
    const { client, api } = setup({ gate, now: () => now });
    const requests = countRequests(api);
    api.get('/api/v2/tickets/501.json').reply(429, { error: 'TooManyRequests' }, { ...json, 'Retry-After': '60' });
    expect(await failure(client.getTicket(501))).toMatchObject({ name: 'RetryLater', retryAfterMs: 60_000 });

    now += 20_000;
    // No interceptor for users/9001: had the client called Zendesk, nock would refuse it.
    const held = await failure(client.getUser(9001));
    expect(held).toBeInstanceOf(RetryLater);
    expect(held).toMatchObject({ retryAfterMs: 40_000 });
    expect(requests()).toBe(1);

    now += 40_000;
    api.get('/api/v2/users/9001.json').reply(200, loadFixture('rest/user-show.json'), json);
    expect(await client.getUser(9001)).toMatchObject({ id: 9001 });
    expect(requests()).toBe(2);
  });
});

describe('createZendeskClient: incremental exports', () => {
  it('exports ticket events with comment events and says where to continue', async () => {
    const { client, api } = setup();
    api
      .get('/api/v2/incremental/ticket_events.json')
      .query({ start_time: '1741160000', include: 'comment_events' })
      .reply(200, loadFixture('rest/incremental-ticket-events.json'), json);
    const page = await client.exportTicketEvents(1741160000);
    expect(page.audits.map((audit) => [audit.id, audit.channel])).toEqual([
      [2001, 'web'],
      [2002, 'voice'],
      [2003, 'email'],
      [2004, 'web'],
      [2005, 'rule'],
    ]);
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
    api
      .get('/api/v2/incremental/tickets/cursor.json')
      .query({ start_time: '1741160000' })
      .reply(200, loadFixture('rest/incremental-tickets-cursor-page-1.json'), json);
    api
      .get('/api/v2/incremental/tickets/cursor.json')
      .query({ cursor: 'MTc0MTE3MDYwNS4wfHw1MDJ8' })
      .reply(200, loadFixture('rest/incremental-tickets-cursor-page-2.json'), json);
    const first = await client.exportTickets({ startTime: 1741160000 });
    expect(first).toMatchObject({ afterCursor: 'MTc0MTE3MDYwNS4wfHw1MDJ8', endOfStream: false });
    expect(first.tickets.map((ticket) => ticket.id)).toEqual([501, 502]);
    const second = await client.exportTickets({ cursor: first.afterCursor! });
    expect(second).toMatchObject({ afterCursor: 'MTc0MTE3MzAwMC4wfHw1MDN8', endOfStream: true });
    expect(second.tickets[0]).toMatchObject({ id: 503, status: 'deleted' });
  });
});
