import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { queueAlertMessage } from '../../../src/app/alerts/queue-alert-message.js';
import { createAlertSender } from '../../../src/app/alerts/send-alert.js';
import { processNextOutboxMessage } from '../../../src/app/process-outbox.js';
import type { AlertThreadUpdateView, MetricAlertView } from '../../../src/domain/alerts/alert-view.js';
import { createMetrics } from '../../../src/metrics.js';
import { ChannelSendError } from '../../../src/ports/errors.js';
import { SLACK_ALERT, type SlackAlertPayload } from '../../../src/ports/outbox.js';
import type { Store } from '../../../src/ports/store.js';
import { alertHarness, FakeAlertPoster } from '../../support/alert-harness.js';
import { openTestStore } from '../../support/store.js';

let store: Store;
beforeEach(async () => {
  store = await openTestStore();
});
afterEach(async () => {
  await store.close();
});

const now = new Date('2026-11-23T12:00:00Z');
const view = (alertId: number): MetricAlertView => ({
  alertId,
  segmentLabel: 'Billing',
  status: 'open',
  acknowledgedBy: null,
  rises: [],
  drivers: [],
  tickets: [],
  windowText: 'last 24 h vs the 28 days before',
  dashboardUrl: null,
});
const thread = (alertId: number): AlertThreadUpdateView => ({
  alertId,
  kind: 'resolved',
  segmentLabel: 'Billing',
  changes: [],
  windowText: 'x',
});

function setup() {
  const harness = alertHarness(store, now);
  const poster = new FakeAlertPoster();
  const sender = createAlertSender({ poster, alerts: store.alerts, clock: harness.deps.clock, channel: '#leads' });
  const worker = {
    outbox: store.outbox,
    senders: { [SLACK_ALERT]: sender },
    clock: harness.deps.clock,
    logger: harness.logs.logger,
    metrics: createMetrics({ collectDefaults: false }),
  };
  const drain = async (at = now) => {
    harness.setNow(at);
    while (await processNextOutboxMessage(worker));
  };
  return { ...harness, poster, drain };
}

async function openAlert() {
  return store.alerts.create(
    { kind: 'metric', subject: 'group:42', ticketId: null, metrics: ['team_handoffs'], view: null },
    now,
  );
}

describe('slack.alert outbox sender', () => {
  it('posts the root, stores where it landed, then threads and redraws there', async () => {
    const { deps, poster, drain } = setup();
    const alert = await openAlert();
    const messages: Array<[SlackAlertPayload, string]> = [
      [{ op: 'post', alertId: alert.id, message: { type: 'metric', view: view(alert.id) } }, 'post'],
      [{ op: 'thread', alertId: alert.id, view: thread(alert.id) }, 'thread'],
      [
        {
          op: 'update',
          alertId: alert.id,
          message: { type: 'metric', view: { ...view(alert.id), status: 'resolved' } },
        },
        'update',
      ],
    ];
    for (const [message, step] of messages) await queueAlertMessage(deps, message, `alert:${alert.id}:${step}`, now);
    await drain();
    expect(poster.posts).toEqual([{ channel: '#leads', message: { type: 'metric', view: view(alert.id) } }]);
    expect(await store.alerts.getById(alert.id)).toMatchObject({
      slackChannel: 'C0LEADSID',
      slackTs: '1700000000.000001',
    });
    expect(poster.threads).toEqual([{ channel: 'C0LEADSID', threadTs: '1700000000.000001', view: thread(alert.id) }]);
    expect(poster.updates.map((u) => [u.ts, (u.message.view as MetricAlertView).status])).toEqual([
      ['1700000000.000001', 'resolved'],
    ]);
    expect(await store.outbox.countByStatus()).toEqual({ sent: 3 });
  });

  it('holds thread messages until the root is posted, and honours a 429 Retry-After', async () => {
    const { deps, poster, drain } = setup();
    const alert = await openAlert();
    poster.failWith.push(
      new ChannelSendError('slack chat.postMessage rate limited', {
        permanent: false,
        code: 'rate_limited',
        retryAfterMs: 7_000,
      }),
    );
    await queueAlertMessage(
      deps,
      { op: 'post', alertId: alert.id, message: { type: 'metric', view: view(alert.id) } },
      'p',
      now,
    );
    await queueAlertMessage(deps, { op: 'thread', alertId: alert.id, view: thread(alert.id) }, 't', now);
    await drain();
    expect(poster.posts).toEqual([]);
    expect(poster.threads).toEqual([]);
    await drain(new Date(now.getTime() + 7_000)); // the post is due again; the thread waits a minute
    expect(poster.posts).toHaveLength(1);
    expect(poster.threads).toHaveLength(0);
    await drain(new Date(now.getTime() + 61_000));
    expect(poster.threads).toHaveLength(1);
  });

  it('does not post a root twice when the message is replayed after a crash', async () => {
    const { deps, poster, drain } = setup();
    const alert = await openAlert();
    await store.alerts.update(alert.id, { slackChannel: 'C0LEADSID', slackTs: '1699999999.000001' }, now);
    await queueAlertMessage(
      deps,
      { op: 'post', alertId: alert.id, message: { type: 'metric', view: view(alert.id) } },
      'p',
      now,
    );
    await drain();
    expect(poster.posts).toEqual([]);
    expect(await store.outbox.countByStatus()).toEqual({ sent: 1 });
  });
});
