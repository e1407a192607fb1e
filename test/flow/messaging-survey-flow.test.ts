import nock from 'nock';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningService } from '../../compose/build-service.js';
import {
  answerErrors,
  APP_ID,
  CONVERSATION,
  KEY_ID,
  KEY_SECRET,
  loadSuncoFixture,
  MESSAGES_PATH,
  messagePostErrors,
  readSuncoFixture,
  SUNCO_API,
  WEBHOOK_SECRET,
  webhookPayloadErrors,
} from '../integrations/sunco/support.js';
import { loadFixture, readFixtureText } from '../integrations/zendesk/load-fixture.js';
import { validateAgainstSpec } from '../support/openapi.js';
import {
  type AuditsPage,
  JSON_HEADERS,
  postZendeskWebhook,
  serveSolvedTicket501,
  startFlowService,
  waitFor,
} from './flow-support.js';
import { fileURLToPath } from 'node:url';

const DASHBOARD_TOKEN = 'lead-dashboard-token-0123';
const ZENDESK_SPEC = fileURLToPath(new URL('../specs/zendesk_support_api.yaml', import.meta.url));

let service: RunningService | null = null;
afterEach(async () => {
  await service?.stop();
  service = null;
});

type PutBody = { ticket: { tags?: string[]; comment?: { body: string; public: boolean } } };

/**
 * The customer's chat (audit 1006) came through Zendesk messaging: its via channel is
 * `native_messaging` and its ChatStartedEvent names the Conversations conversation.
 */
function asMessagingCase(page: AuditsPage): void {
  const chat = page.audits.find((audit) => audit.id === 1006)!;
  (chat.via as { channel: string }).channel = 'native_messaging';
  (chat.events as unknown[]).unshift({
    id: 100600,
    type: 'ChatStartedEvent',
    value: {
      conversation_id: CONVERSATION,
      chat_id: '2109.10502823.Sjuj2YrBpXwei',
      visitor_id: '10502823-16EkM3T6VNq7KMd',
      history: [],
    },
  });
  const problems = validateAgainstSpec(ZENDESK_SPEC, {
    method: 'GET',
    path: '/api/v2/tickets/501/audits.json',
    status: 200,
    body: page,
  });
  expect(problems).toEqual([]);
}

const postSunco = (url: string, body: string, key = WEBHOOK_SECRET) =>
  request(url).post('/webhooks/sunco').set('Content-Type', 'application/json').set('X-API-Key', key).send(body);

describe('CES in Zendesk messaging, from the signed "solved" webhook to the answer on the ticket', () => {
  it('asks in the customer’s conversation with buttons, follows up in the chat and writes back', async () => {
    const now = new Date('2025-03-04T09:00:00Z');
    service = await startFlowService(
      {
        ZENDESK_CES_FIELD_ID: '360006',
        SUNCO_APP_ID: APP_ID,
        SUNCO_KEY_ID: KEY_ID,
        SUNCO_KEY_SECRET: KEY_SECRET,
        SUNCO_WEBHOOK_SECRET: WEBHOOK_SECRET,
        SUNCO_API_URL: SUNCO_API,
        DASHBOARD_TOKEN,
      },
      now,
    );
    const zendesk = serveSolvedTicket501(asMessagingCase);
    const puts: PutBody[] = [];
    zendesk
      .put('/api/v2/tickets/501.json', (body: PutBody) => puts.push(body) > 0)
      .times(3)
      .reply(200, loadFixture('rest/ticket-update.json'), JSON_HEADERS);
    const posts: Array<{ content: { text: string; actions?: Array<{ payload: string }> } }> = [];
    const created = loadSuncoFixture('rest/message-post-created.json');
    expect(answerErrors('POST', 201, created)).toEqual([]);
    nock(SUNCO_API)
      .post(MESSAGES_PATH, (body) => {
        expect(messagePostErrors(body)).toEqual([]);
        return posts.push(body) > 0;
      })
      .times(3)
      .reply(201, created, JSON_HEADERS);

    const solved = readFixtureText('webhooks/ticket-status-changed-solved.json');
    expect((await postZendeskWebhook(service.url, solved, now)).status).toBe(200);
    await waitFor(() => posts.length === 1, 'the question in the conversation');
    expect(posts[0]!.content.text).toBe('Hoe makkelijk was het om je vraag afgehandeld te krijgen?');
    expect(posts[0]!.content.actions).toHaveLength(7);
    await waitFor(async () => (await service!.store.surveys.getByTicket(501))?.status === 'sent', 'the survey sent');

    // A wrong secret is refused and nothing is recorded.
    const button = readSuncoFixture('webhook/conversation-message-reply-button.json');
    expect(webhookPayloadErrors(JSON.parse(button))).toEqual([]);
    expect((await postSunco(service.url, button, 'guessed')).status).toBe(401);
    expect((await service.store.deliveries.countByStatus()).pending ?? 0).toBe(0);

    expect((await postSunco(service.url, button)).status).toBe(200);
    await waitFor(() => posts.length === 2, 'the follow-up question');
    expect(posts[1]!.content.text).toBe('Vervelend om te horen. Wat maakte het lastig?');
    expect((await postSunco(service.url, readSuncoFixture('webhook/conversation-message-text.json'))).status).toBe(200);
    await waitFor(() => posts.length === 3, 'the thanks for the verbatim');

    await waitFor(() => puts.length === 3, 'three Zendesk updates');
    expect(puts[1]!.ticket.tags).toContain('ces_2');
    expect(puts[1]!.ticket.comment).toMatchObject({ public: false, body: expect.stringContaining('(CES, messaging)') });
    expect(puts[2]!.ticket.comment!.body).toContain('"Ik ben drie keer doorverbonden"');
    const effort = await request(service.url)
      .get('/api/tickets/501/effort')
      .set('Authorization', `Bearer ${DASHBOARD_TOKEN}`);
    expect(effort.body.survey).toMatchObject({ status: 'answered', score: 2, channel: 'messaging' });
  });
});
