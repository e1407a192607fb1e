import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningService } from '../../compose/build-service.js';
import { loadFixture as loadSlackFixture } from '../integrations/slack/load-fixture.js';
import { interactivityBody, slackSignatureHeaders } from '../integrations/slack/sign-slack-request.js';
import { loadFixture, readFixtureText } from '../integrations/zendesk/load-fixture.js';
import {
  JSON_HEADERS,
  postZendeskWebhook,
  recordSlackCalls,
  serveSolvedTicket501,
  startFlowService,
  waitFor,
} from './flow-support.js';

const SLACK = 'http://slack.test';
const SIGNING_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';

let service: RunningService | null = null;
afterEach(async () => {
  await service?.stop();
  service = null;
});

describe('CES in Slack, from the signed "solved" webhook to the button press', () => {
  it('DMs the requester, records the pressed score, redraws the message and writes the score back', async () => {
    const now = new Date('2025-03-04T09:00:00Z');
    service = await startFlowService(
      {
        SLACK_BOT_TOKEN: 'xoxb-1-2-test',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: `${SLACK}/api/`,
      },
      now,
    );

    const zendesk = serveSolvedTicket501();
    const puts: Array<{ ticket: { tags?: string[] } }> = [];
    zendesk
      .put('/api/v2/tickets/501.json', (body: { ticket: { tags?: string[] } }) => puts.push(body) > 0)
      .times(2)
      .reply(200, loadFixture('rest/ticket-update.json'), JSON_HEADERS);

    const calls = recordSlackCalls(SLACK, [
      ['users.lookupByEmail', 'web-api/users-lookup-by-email.json'],
      ['conversations.open', 'web-api/conversations-open.json'],
      ['chat.postMessage', 'web-api/chat-post-message.json'],
      ['chat.update', 'web-api/chat-update.json'],
    ]);

    await postZendeskWebhook(service.url, readFixtureText('webhooks/ticket-status-changed-solved.json'), now);
    await waitFor(async () => (await service!.store.surveys.getByTicket(501))?.status === 'sent', 'the Slack survey');
    expect(calls.map((c) => c.method)).toEqual(['users.lookupByEmail', 'conversations.open', 'chat.postMessage']);
    expect(calls[0]!.body.email).toBe('ana.jansen@example.com');
    const posted = JSON.parse(calls[2]!.body.blocks!) as Array<{ type: string; elements?: unknown[] }>;
    expect(posted.find((b) => b.type === 'actions')?.elements).toHaveLength(7);

    const survey = (await service.store.surveys.getByTicket(501))!;
    const payload = loadSlackFixture<{ actions: Array<{ value: string; block_id: string }> }>(
      'interactivity/block-actions-score-button.json',
    );
    payload.actions[0]!.value = `${survey.id}:6`;
    payload.actions[0]!.block_id = `effortless_scores:${survey.id}`;
    (payload.actions[0] as Record<string, unknown>).action_id = 'effortless_survey_score_6';
    const body = interactivityBody(payload);
    const press = await request(service.url)
      .post('/slack/events')
      .type('form')
      .set(slackSignatureHeaders(SIGNING_SECRET, body))
      .send(body);
    expect(press.status).toBe(200);

    await waitFor(() => calls.some((c) => c.method === 'chat.update'), 'the message redraw');
    expect(await service.store.surveys.getByTicket(501)).toMatchObject({ status: 'answered', score: 6 });
    await waitFor(() => puts.length === 2, 'the score write-back');
    expect(puts[1]!.ticket.tags).toContain('ces_6');
  });
});
