import nock from 'nock';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { createLogger } from '../../src/logger.js';
import { startService, type RunningService } from '../../compose/build-service.js';
import { loadFixture, readFixtureText } from '../integrations/zendesk/load-fixture.js';
import {
  ZENDESK_FLOW_ENV,
  JSON_HEADERS,
  postZendeskWebhook,
  serveTicket501,
  waitFor,
  ZENDESK,
} from './flow-support.js';

const TOKEN = 'lead-dashboard-token-0123';
const json = JSON_HEADERS;

let service: RunningService | null = null;
afterEach(async () => {
  await service?.stop();
  service = null;
});

const signedPost = (url: string, body: string) => postZendeskWebhook(url, body, new Date());

describe('a solved ticket, from the signed webhook to the write-back', () => {
  it('scores the case, writes the effort once, and ignores the echo of its own update', async () => {
    const config = loadConfig(
      {
        ...ZENDESK_FLOW_ENV,
        ZENDESK_EFFORT_FIELD_ID: '360005',
        DASHBOARD_TOKEN: TOKEN,
      },
      { cwd: '/nonexistent' },
    );
    service = await startService(config, { logger: createLogger({ level: 'silent' }), idleMs: 20 });
    const api = nock(ZENDESK);
    api.get('/api/v2/users/me.json').reply(200, loadFixture('rest/users-me.json'), json);
    serveTicket501(api, false);
    // The write-back PUTs a safe update on the tags and stamp the solved event carried: no read.
    let putBody: { ticket: Record<string, unknown> } | null = null;
    api
      .put('/api/v2/tickets/501.json', (body: { ticket: Record<string, unknown> }) => {
        putBody = body;
        return true;
      })
      .reply(200, loadFixture('rest/ticket-update.json'), json);

    const solved = readFixtureText('webhooks/ticket-status-changed-solved.json');
    const res = await signedPost(service.url, solved);
    expect(res.status).toBe(200);
    await waitFor(() => putBody !== null, 'the effort write-back');

    const ticket = putBody!.ticket;
    expect(ticket.custom_fields).toEqual([{ id: 360005, value: expect.any(Number) }]);
    expect(ticket.tags).toEqual(expect.arrayContaining(['auto_ack', 'billing']));
    expect((ticket.tags as string[]).filter((t) => t.startsWith('effort_'))).toHaveLength(1);
    expect(ticket.comment).toMatchObject({ public: false, body: expect.stringContaining('Effortless: effort index') });
    expect(ticket.safe_update).toBe(true);
    expect(ticket.updated_stamp).toBe('2025-03-03T11:20:00Z');

    const effort = await request(service.url).get('/api/tickets/501/effort').set('Authorization', `Bearer ${TOKEN}`);
    expect(effort.status).toBe(200);
    // email -> voice -> chat by the requester; the rule audit and the bot's audit are no touches.
    expect(effort.body.drivers).toMatchObject({ channelSwitches: 2, reopens: 1 });
    expect(effort.body.effortIndex).toBe((ticket.custom_fields as Array<{ value: number }>)[0]!.value);
    await waitFor(
      async () => (await service!.store.outbox.countByStatus()).sent === 1,
      'the outbox to record the send',
    );

    // Zendesk reports our own update as a new event. It costs no call: the ticket was read
    // while solved, and the event is older than the state our write answered with.
    const echo = loadFixture<Record<string, unknown>>('webhooks/ticket-status-changed-solved.json');
    echo.id = 'echo-of-our-update';
    echo.time = new Date().toISOString();
    expect((await signedPost(service.url, JSON.stringify(echo))).status).toBe(200);
    await waitFor(async () => (await service!.store.deliveries.countByStatus()).done === 2, 'the echo to be processed');
    expect(await service.store.outbox.countByStatus()).toEqual({ sent: 1 });
    expect(api.pendingMocks()).toEqual([]);
    const after = await request(service.url).get('/api/tickets/501/effort').set('Authorization', `Bearer ${TOKEN}`);
    expect(after.body.drivers).toEqual(effort.body.drivers);
  });
});
