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
const LEADS = 'C0EFFLEADS';

let service: RunningService | null = null;
afterEach(async () => {
  await service?.stop();
  service = null;
});

type Block = {
  type: string;
  text?: { text: string };
  elements?: Array<{ action_id?: string; value?: string; text?: unknown }>;
};

function signedPost(url: string, body: string) {
  return request(url).post('/slack/events').type('form').set(slackSignatureHeaders(SIGNING_SECRET, body)).send(body);
}

describe('closed loop: a low CES in Slack becomes an alert for the leads', () => {
  it('posts the alert to SLACK_ALERT_CHANNEL, takes the Acknowledge press and answers /effort', async () => {
    const now = new Date('2025-03-04T09:00:00Z');
    service = await startFlowService(
      {
        SLACK_BOT_TOKEN: 'xoxb-1-2-test',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: `${SLACK}/api/`,
        SLACK_ALERT_CHANNEL: LEADS,
      },
      now,
    );

    const zendesk = serveSolvedTicket501();
    zendesk.put('/api/v2/tickets/501.json').times(2).reply(200, loadFixture('rest/ticket-update.json'), JSON_HEADERS);

    const calls = recordSlackCalls(SLACK, [
      ['users.lookupByEmail', 'web-api/users-lookup-by-email.json'],
      ['conversations.open', 'web-api/conversations-open.json'],
      ['chat.postMessage', 'web-api/chat-post-message.json', 2],
      ['chat.update', 'web-api/chat-update.json', 3],
    ]);

    await postZendeskWebhook(service.url, readFixtureText('webhooks/ticket-status-changed-solved.json'), now);
    await waitFor(async () => (await service!.store.surveys.getByTicket(501))?.status === 'sent', 'the Slack survey');

    // The customer presses 2 on a case that was passed between teams (the CONTRACT example).
    const survey = (await service.store.surveys.getByTicket(501))!;
    const score = loadSlackFixture<{ actions: Array<Record<string, unknown>> }>(
      'interactivity/block-actions-score-button.json',
    );
    Object.assign(score.actions[0]!, {
      value: `${survey.id}:2`,
      block_id: `effortless_scores:${survey.id}`,
      action_id: 'effortless_survey_score_2',
    });
    expect((await signedPost(service.url, interactivityBody(score))).status).toBe(200);

    // Posted, and where it landed stored (the button's redraw and thread replies need it).
    await waitFor(async () => (await service!.store.alerts.listRecent(1))[0]?.slackTs != null, 'the alert post');
    const alertPost = calls.find((c) => c.method === 'chat.postMessage' && c.body.channel === LEADS)!;
    expect(alertPost.body.text).toContain('#501');
    const blocks = JSON.parse(alertPost.body.blocks!) as Block[];
    const button = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === 'alert_acknowledge');
    const [alert] = await service.store.alerts.listRecent(1);
    expect(alert).toMatchObject({ kind: 'low_score', ticketId: 501, status: 'open', slackTs: expect.any(String) });
    expect(button?.value).toBe(String(alert!.id));

    // A lead presses Acknowledge on it.
    const ack = loadSlackFixture<{ actions: Array<Record<string, unknown>>; user: { id: string } }>(
      'interactivity/block-actions-alert-acknowledge.json',
    );
    ack.actions[0]!.value = String(alert!.id);
    expect((await signedPost(service.url, interactivityBody(ack))).status).toBe(200);
    await waitFor(
      async () => (await service!.store.alerts.getById(alert!.id))?.status === 'acknowledged',
      'the acknowledgement',
    );
    expect((await service.store.alerts.getById(alert!.id))?.acknowledgedBy).toBe(ack.user.id);
    await waitFor(
      () =>
        calls.some(
          (c) => c.method === 'chat.update' && c.body.channel === LEADS && c.body.blocks!.includes('Acknowledged by'),
        ),
      'the redraw',
    );

    // /effort billing answers at once, as an ephemeral message.
    const command = new URLSearchParams(
      loadSlackFixture<Record<string, string>>('commands/effort-billing.json'),
    ).toString();
    const started = Date.now();
    const answer = await signedPost(service.url, command);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ response_type: 'ephemeral' });
  });
});
