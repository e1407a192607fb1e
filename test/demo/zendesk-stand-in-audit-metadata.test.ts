import { afterEach, describe, expect, it } from 'vitest';
import type { StandIns } from '../../demo/stand-ins/start-stand-ins.js';
import { findAuditByMetadata, type AuditPageReader } from '../../integrations/zendesk/find-audit-by-metadata.js';
import { fetchJson, start, ZENDESK, zendeskAuth } from './stand-ins-support.js';
import { AUDITS, CUSTOMER, TICKET } from './zendesk-scenario.js';

let running: StandIns | null = null;
afterEach(async () => {
  await running?.stop();
  running = null;
});

async function setup() {
  running = await start({ zendesk: { ...ZENDESK, auditsPerPage: 2 } });
  const { url, state } = running.zendesk;
  state.putTicket(TICKET, AUDITS);
  state.putUser(CUSTOMER);
  const put = (body: unknown) =>
    fetchJson(`${url}/api/v2/tickets/501.json`, {
      method: 'PUT',
      headers: { authorization: zendeskAuth(), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  // The reads find-audit-by-metadata.ts makes: cursor pages of 100, next links followed.
  const reader: AuditPageReader = {
    firstUrl: `${url}/api/v2/tickets/501/audits.json?page%5Bsize%5D=100`,
    read: async (pageUrl) => fetchJson(pageUrl, { headers: { authorization: zendeskAuth() } }),
    rebase: (link) => link,
  };
  return { state, put, reader, url };
}

const METADATA = { effortless_outbox_id: '17', effortless_dedupe_key: 'writeback:501:solved' };

describe('Zendesk stand-in: a PUT’s metadata is kept on its audit, as metadata.custom', () => {
  it('serves it back in the ticket’s audits, where find-audit-by-metadata.ts finds the earlier write', async () => {
    const { state, put, reader } = await setup();
    expect(await findAuditByMetadata(reader, METADATA)).toBeNull();

    const { status, body } = await put({
      ticket: {
        tags: ['billing', 'effort_low'],
        comment: { body: 'Effort index 12', public: false },
        metadata: METADATA,
      },
    });
    expect(status).toBe(200);
    const audit = body.audit as { id: number; metadata: unknown };
    expect(audit.metadata).toEqual({ system: {}, custom: METADATA });
    expect(state.listUpdates(501)).toEqual([expect.objectContaining({ auditId: audit.id, metadata: METADATA })]);

    expect(await findAuditByMetadata(reader, METADATA)).toBe(audit.id);
    expect(await findAuditByMetadata(reader, { ...METADATA, effortless_outbox_id: '18' })).toBeNull();
    // The ticket's own audits carry empty custom metadata, as Zendesk serves audits made without any.
    const page = await reader.read(reader.firstUrl, 1);
    expect((page.body as { audits: Array<{ metadata: unknown }> }).audits[0]?.metadata).toEqual({
      system: {},
      custom: {},
    });
  });

  it('an update that changes nothing makes no audit, so its metadata is kept nowhere', async () => {
    const { state, put, reader } = await setup();
    const { status, body } = await put({ ticket: { tags: [...TICKET.tags], metadata: METADATA } });
    expect(status).toBe(200);
    expect(body.audit).toBeUndefined();
    expect(state.listUpdates(501)).toEqual([]);
    expect(await findAuditByMetadata(reader, METADATA)).toBeNull();
  });
});
