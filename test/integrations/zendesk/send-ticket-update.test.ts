import { fileURLToPath } from 'node:url';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createZendeskClient } from '../../../integrations/zendesk/client.js';
import { toZendeskTicketUpdate } from '../../../integrations/zendesk/map.js';
import { createZendeskTicketUpdateSender } from '../../../integrations/zendesk/send-ticket-update.js';
import type { TicketSnapshot, TicketUpdate } from '../../../src/domain/ticket.js';
import type { TicketStateMemory } from '../../../src/ports/zendesk.js';
import type { OutboxMessage, ZENDESK_TICKET_UPDATE } from '../../../src/ports/outbox.js';
import { captureLogs } from '../../support/capture-logs.js';
import { validateAgainstSpec } from '../../support/openapi.js';
import { loadFixture } from './load-fixture.js';

const SPEC = fileURLToPath(new URL('../../specs/zendesk_support_api.yaml', import.meta.url));
const BASE = 'http://zendesk.test';
const json = { 'Content-Type': 'application/json; charset=utf-8' };
const AUDITS = '/api/v2/tickets/501/audits.json';
/** page 1's `links.next` cursor (ticket-audits-cursor-page-1.json). */
const AFTER = 'eyJvIjoiaWQiLCJ2IjoiYVFnRUFBQUFBQUFBIn0=';

const ANSWER: TicketUpdate = {
  customFields: [{ id: 360006, value: 2 }],
  addTags: ['ces_2'],
  removeTags: [],
  internalNote: 'Effortless survey: CES 2 of 7. Effort index at solve: 62.',
};

/** The survey answer's write-back; the fixtures' audit 1010 carries outbox message 17's metadata. */
function message(id: number, dedupeKey = 'zendesk.survey:42:5d41402abc4b2a76') {
  return {
    id,
    dedupeKey,
    ticketId: 501,
    attempts: 1,
    kind: 'zendesk.ticket_update',
    payload: { ticketId: 501, update: ANSWER },
  } as OutboxMessage<typeof ZENDESK_TICKET_UPDATE>;
}

function setup() {
  const logs = captureLogs();
  const zendesk = createZendeskClient({ url: BASE, email: 'bot@example.com', apiToken: 'sEcReTtOkEn123' });
  return { send: createZendeskTicketUpdateSender(zendesk), logs, api: nock(BASE) };
}

/** Serves the two cursor pages of ticket 501's audits, each checked against List Audits for a Ticket first. */
function serveAudits(api: nock.Scope): void {
  for (const [query, file] of [
    [{ 'page[size]': '100' }, 'rest/ticket-audits-cursor-page-1.json'],
    [{ 'page[after]': AFTER, 'page[size]': '100' }, 'rest/ticket-audits-cursor-page-2.json'],
  ] as const) {
    const body = loadFixture(file);
    expect(validateAgainstSpec(SPEC, { method: 'GET', path: AUDITS, status: 200, body })).toEqual([]);
    api.get(AUDITS).query(query).reply(200, body, json);
  }
}

/** Answers the read before the write and the PUT; records the PUT bodies. */
function serveWrite(api: nock.Scope): Array<{ ticket: Record<string, unknown> }> {
  const puts: Array<{ ticket: Record<string, unknown> }> = [];
  api.get('/api/v2/tickets/501.json').reply(200, loadFixture('rest/ticket-show.json'), json);
  api.put('/api/v2/tickets/501.json').reply((_uri, body) => {
    puts.push(body as { ticket: Record<string, unknown> });
    return [200, loadFixture('rest/ticket-update.json'), json];
  });
  return puts;
}

describe('zendesk.ticket_update sender after a try whose outcome is unknown', () => {
  it('finds the audit whose metadata.custom names this outbox message and does not PUT again', async () => {
    const { send, logs, api } = setup();
    serveAudits(api);
    const puts = serveWrite(api);
    await expect(send(message(17), logs.logger, { previousOutcomeUnknown: true })).resolves.toEqual({
      providerId: '1010',
    });
    expect(puts).toEqual([]);
    expect(api.pendingMocks()).toEqual([
      `GET ${BASE}:80/api/v2/tickets/501.json`,
      `PUT ${BASE}:80/api/v2/tickets/501.json`,
    ]);
  });

  it('writes when no audit names it, and the PUT carries the metadata that names it', async () => {
    const { send, logs, api } = setup();
    serveAudits(api);
    const puts = serveWrite(api);
    const { providerId } = await send(message(18, 'zendesk.survey:42:aaaaaaaaaaaaaaaa'), logs.logger, {
      previousOutcomeUnknown: true,
    });
    expect(providerId).toBe(String((loadFixture('rest/ticket-update.json').audit as { id: number }).id));
    expect(puts).toHaveLength(1);
    expect(puts[0]?.ticket.metadata).toEqual({
      effortless_outbox_id: '18',
      effortless_dedupe_key: 'zendesk.survey:42:aaaaaaaaaaaaaaaa',
    });
    expect(puts[0]?.ticket.comment).toEqual({ body: ANSWER.internalNote, public: false });
    expect(api.isDone()).toBe(true);
  });

  it('does not take another message’s audit for this one: id and dedupe key must both match', async () => {
    const { send, logs, api } = setup();
    serveAudits(api);
    const puts = serveWrite(api);
    // Outbox id 17 with another key: a database started afresh that reused the id.
    await send(message(17, 'zendesk.effort:501:40'), logs.logger, { previousOutcomeUnknown: true });
    expect(puts).toHaveLength(1);
  });

  it('a first try does not read the audits; its PUT carries the metadata all the same', async () => {
    const { send, logs, api } = setup();
    const puts = serveWrite(api);
    await send(message(19), logs.logger, { previousOutcomeUnknown: false });
    expect(puts[0]?.ticket.metadata).toEqual({
      effortless_outbox_id: '19',
      effortless_dedupe_key: 'zendesk.survey:42:5d41402abc4b2a76',
    });
    expect(api.isDone()).toBe(true);
  });
});

describe('zendesk.ticket_update sender with a remembered ticket state', () => {
  it('writes on the remembered state without reading the ticket, and remembers what Zendesk answered', async () => {
    const logs = captureLogs();
    const zendesk = createZendeskClient({ url: BASE, email: 'bot@example.com', apiToken: 'sEcReTtOkEn123' });
    const remembered: TicketSnapshot[] = [];
    const memory: TicketStateMemory = {
      known: async () => ({ tags: ['billing'], updatedAt: new Date('2025-03-04T08:31:00Z') }),
      remember: async (ticket) => {
        remembered.push(ticket);
      },
    };
    const api = nock(BASE);
    const puts: Array<{ ticket: Record<string, unknown> }> = [];
    api.put('/api/v2/tickets/501.json').reply((_uri, body) => {
      puts.push(body as { ticket: Record<string, unknown> });
      return [200, loadFixture('rest/ticket-update.json'), json];
    });
    const send = createZendeskTicketUpdateSender(zendesk, memory);
    await send(message(20), logs.logger, { previousOutcomeUnknown: false });
    expect(puts[0]?.ticket).toMatchObject({ tags: ['billing', 'ces_2'], updated_stamp: '2025-03-04T08:31:00Z' });
    expect(remembered).toMatchObject([{ id: 501, updatedAt: new Date('2025-03-04T08:31:00Z') }]);
    expect(api.isDone()).toBe(true);
  });
});

describe('toZendeskTicketUpdate: audit metadata', () => {
  it('goes with a change only: metadata alone changes nothing, so Zendesk would make no audit to carry it', () => {
    const base = { currentTags: ['billing'], updatedStamp: '2025-03-04T08:31:00Z' };
    const metadata = { effortless_outbox_id: '7', effortless_dedupe_key: 'k' };
    expect(toZendeskTicketUpdate({ ...ANSWER, auditMetadata: metadata }, base).ticket.metadata).toEqual(metadata);
    const empty: TicketUpdate = {
      customFields: [],
      addTags: [],
      removeTags: [],
      internalNote: null,
      auditMetadata: metadata,
    };
    expect(toZendeskTicketUpdate(empty, base)).toEqual({ ticket: {} });
  });
});
