import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createZendeskClient } from '../../integrations/zendesk/client.js';
import { runBackfill } from '../../src/app/backfill.js';
import { DEFAULT_EFFORT_WEIGHTS } from '../../src/domain/effort-index.js';
import { createLogger } from '../../src/logger.js';
import type { Store } from '../../src/ports/store.js';
import { loadFixture } from '../integrations/zendesk/load-fixture.js';
import { openTestStore } from '../support/store.js';

const ZENDESK = 'http://zendesk.test';
const json = { 'Content-Type': 'application/json; charset=utf-8' };
const SINCE = new Date('2025-03-01T00:00:00Z');

let store: Store;
beforeEach(async () => {
  store = await openTestStore();
});
afterEach(async () => {
  await store.close();
});

/** The real node-zendesk adapter against Zendesk's documented export pages, through the backfill. */
describe('backfill over the incremental exports', () => {
  it('imports tickets and their events, paced, and scores the cases', async () => {
    const api = nock(ZENDESK);
    const since = String(SINCE.getTime() / 1000);
    api
      .get('/api/v2/incremental/tickets/cursor.json')
      .query({ start_time: since })
      .reply(200, loadFixture('rest/incremental-tickets-cursor-page-1.json'), json);
    api
      .get('/api/v2/incremental/tickets/cursor.json')
      .query({ cursor: 'MTc0MTE3MDYwNS4wfHw1MDJ8' })
      .reply(200, loadFixture('rest/incremental-tickets-cursor-page-2.json'), json);
    api
      .get('/api/v2/incremental/ticket_events.json')
      .query({ start_time: since, include: 'comment_events' })
      .reply(200, loadFixture('rest/incremental-ticket-events.json'), json);
    api.get('/api/v2/users/me.json').reply(200, loadFixture('rest/users-me.json'), json);

    const sleeps: number[] = [];
    let now = new Date('2025-03-10T00:00:00Z').getTime();
    const zendesk = createZendeskClient({ url: ZENDESK, email: 'bot@example.com', apiToken: 't' });
    const summary = await runBackfill(
      {
        zendesk,
        store,
        clock: { now: () => new Date(now) },
        logger: createLogger({ level: 'silent' }),
        sleep: async (ms) => {
          sleeps.push(ms);
          now += ms;
        },
        effortWeights: DEFAULT_EFFORT_WEIGHTS,
      },
      { since: SINCE },
    );

    expect(api.pendingMocks()).toEqual([]);
    expect(summary).toMatchObject({ tickets: 3, audits: 5, resumed: false });
    // Three export requests at least 6 s apart (10 a minute).
    expect(sleeps.every((ms) => ms <= 6000)).toBe(true);
    expect(sleeps.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(12_000);
    // Web form, then a voicemail, then an email from the requester; moved from one group to another.
    const effort = await store.tickets.getEffort(502);
    expect(effort?.timeline.touches.filter((t) => t.actor === 'customer').map((t) => t.channel)).toEqual([
      'web',
      'voice',
      'email',
    ]);
    // The move to 360002 came with the voicemail, before anyone in 360001 engaged: routing, not a handoff.
    expect(effort?.drivers).toMatchObject({
      channelSwitches: 2,
      teamHandoffs: 0,
      agentHandoffs: 0,
      reopens: 0,
      customerContacts: 3,
      firstContactResolution: false,
      resolutionMinutes: 90,
    });
    expect(await store.tickets.getTicket(503)).toMatchObject({ status: 'deleted' });
  });
});
