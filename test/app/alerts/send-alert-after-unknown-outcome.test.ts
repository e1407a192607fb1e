import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackAlertPoster } from '../../../integrations/slack/alert-poster.js';
import { createSlackWebClient } from '../../../integrations/slack/client.js';
import { queueAlertMessage } from '../../../src/app/alerts/queue-alert-message.js';
import { createAlertSender } from '../../../src/app/alerts/send-alert.js';
import type { AlertThreadUpdateView, MetricAlertView } from '../../../src/domain/alerts/alert-view.js';
import { SLACK_ALERT, type OutboxMessage, type SlackAlertPayload } from '../../../src/ports/outbox.js';
import type { Store } from '../../../src/ports/store.js';
import { alertHarness } from '../../support/alert-harness.js';
import { openTestStore } from '../../support/store.js';
import { slackReadProblems } from '../../integrations/slack/history-spec.js';
import { loadFixture } from '../../integrations/slack/load-fixture.js';

/**
 * The slack.alert sender after a try whose outcome is unknown, over the real poster: the
 * channel (or the thread) is searched for the outbox message's metadata before posting.
 * chat.postMessage interceptors only count; a second post fails the test.
 */

const SLACK = 'http://slack.test';
const LEADS = 'C0EFFLEADS';
const ROOT_TS = '1712577600.000100';
const now = new Date('2024-04-08T12:00:00Z'); // the fixtures' root message is posted at 12:00 that day

let store: Store;
beforeEach(async () => {
  store = await openTestStore();
});
afterEach(async () => {
  await store.close();
});

const views = () => loadFixture<{ metric: MetricAlertView; worse: AlertThreadUpdateView }>('alerts/alert-views.json');

async function setup(channel: string) {
  const harness = alertHarness(store, now);
  const client = createSlackWebClient({
    botToken: 'xoxb-1-2-test',
    apiUrl: `${SLACK}/api/`,
    logger: harness.logs.logger,
  });
  const send = createAlertSender({
    poster: createSlackAlertPoster(client, { minIntervalMs: 1 }),
    alerts: store.alerts,
    clock: harness.deps.clock,
    channel,
  });
  const alert = await store.alerts.create(
    { kind: 'metric', subject: 'group:42', ticketId: null, metrics: ['team_handoffs'], view: null },
    now,
  );
  /** Queues one message for the alert and claims it, as the worker would. */
  const claim = async (payload: SlackAlertPayload, key: string) => {
    await queueAlertMessage({ ...harness.deps, settings: { ...harness.deps.settings, channel } }, payload, key, now);
    return (await store.outbox.claimNext(now, 300_000, [SLACK_ALERT])) as OutboxMessage<typeof SLACK_ALERT>;
  };
  return { send, alert, claim, logger: harness.logs.logger };
}

/** A read answer carrying `message`'s metadata on the message at `index`, checked against the spec. */
function withTag(file: string, index: number, message: OutboxMessage) {
  const body = loadFixture<{ messages: Array<Record<string, unknown>> }>(file);
  const tagged = body.messages[index];
  if (!tagged) throw new Error(`${file} has no message ${index}`);
  tagged.metadata = {
    event_type: 'effortless_outbox',
    event_payload: { outbox_id: message.id, dedupe_key: message.dedupeKey },
  };
  return body;
}

function countPosts(): string[] {
  const bodies: string[] = [];
  nock(SLACK)
    .post('/api/chat.postMessage')
    .reply((_uri, body) => {
      bodies.push(String(body));
      return [200, loadFixture('web-api/chat-post-message-alert.json'), { 'Content-Type': 'application/json' }];
    });
  return bodies;
}

describe('slack.alert sender after a try whose outcome is unknown', () => {
  it('root: finds the post carrying this outbox message in the channel (a name is looked up), stores it, does not post again', async () => {
    const { send, alert, claim, logger } = await setup('#leads');
    const message = await claim(
      { op: 'post', alertId: alert.id, message: { type: 'metric', view: views().metric } },
      `alert:${alert.id}:post`,
    );
    nock(SLACK).post('/api/conversations.list').reply(200, loadFixture('web-api/conversations-list-public.json'));
    const history = withTag('web-api/conversations-history-alert-channel.json', 1, message);
    expect(slackReadProblems('conversations.history', history)).toEqual([]);
    nock(SLACK).post('/api/conversations.history').reply(200, history);
    const posts = countPosts();
    await expect(send(message, logger, { previousOutcomeUnknown: true })).resolves.toEqual({ providerId: ROOT_TS });
    expect(posts).toEqual([]);
    expect(await store.alerts.getById(alert.id)).toMatchObject({ slackChannel: LEADS, slackTs: ROOT_TS });
  });

  it('root: posts, with its metadata, when the channel has no such post', async () => {
    const { send, alert, claim, logger } = await setup(LEADS);
    const message = await claim(
      { op: 'post', alertId: alert.id, message: { type: 'metric', view: views().metric } },
      `alert:${alert.id}:post`,
    );
    nock(SLACK)
      .post('/api/conversations.history')
      .reply(200, loadFixture('web-api/conversations-history-alert-channel.json'));
    const posts = countPosts();
    await send(message, logger, { previousOutcomeUnknown: true });
    expect(posts).toHaveLength(1);
    expect(JSON.parse(new URLSearchParams(posts[0]).get('metadata') ?? 'null')).toMatchObject({
      event_payload: { outbox_id: message.id, dedupe_key: message.dedupeKey },
    });
  });

  it('root: once its ts is stored it is neither looked for nor posted again', async () => {
    const { send, alert, claim, logger } = await setup(LEADS);
    const message = await claim(
      { op: 'post', alertId: alert.id, message: { type: 'metric', view: views().metric } },
      `alert:${alert.id}:post`,
    );
    await store.alerts.update(alert.id, { slackChannel: LEADS, slackTs: ROOT_TS }, now);
    const posts = countPosts();
    await expect(send(message, logger, { previousOutcomeUnknown: true })).resolves.toEqual({ providerId: ROOT_TS });
    expect(posts).toEqual([]);
  });

  it('thread update: finds the reply in the thread and does not post it again; posts when it is not there', async () => {
    const { send, alert, claim, logger } = await setup(LEADS);
    await store.alerts.update(alert.id, { slackChannel: LEADS, slackTs: ROOT_TS }, now);
    const message = await claim(
      { op: 'thread', alertId: alert.id, view: views().worse },
      `alert:${alert.id}:thread:worse:1`,
    );
    const replies = withTag('web-api/conversations-replies-alert-thread.json', 1, message);
    expect(slackReadProblems('conversations.replies', replies)).toEqual([]);
    nock(SLACK).post('/api/conversations.replies').reply(200, replies);
    const posts = countPosts();
    await expect(send(message, logger, { previousOutcomeUnknown: true })).resolves.toEqual({
      providerId: '1712581200.000300',
    });
    expect(posts).toEqual([]);

    nock(SLACK)
      .post('/api/conversations.replies')
      .reply(200, loadFixture('web-api/conversations-replies-alert-thread.json'));
    await send(message, logger, { previousOutcomeUnknown: true });
    expect(posts).toHaveLength(1);
    expect(new URLSearchParams(posts[0]).get('thread_ts')).toBe(ROOT_TS);
  });
});
