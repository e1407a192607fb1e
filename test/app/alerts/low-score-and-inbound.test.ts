import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAlertInbound, resolveSegment } from '../../../src/app/alerts/alert-inbound.js';
import { handleLowScoreAnswer } from '../../../src/app/alerts/low-score-alert.js';
import { recordSample } from '../../../src/app/alerts/record-samples.js';
import type { LowScoreAlertView } from '../../../src/domain/alerts/alert-view.js';
import { HOUR_MS } from '../../../src/domain/alerts/sample.js';
import type { SlackAlertPayload } from '../../../src/ports/outbox.js';
import type { Store } from '../../../src/ports/store.js';
import { alertHarness, alertSettings, storeSolvedTicket } from '../../support/alert-harness.js';
import { openTestStore } from '../../support/store.js';

let store: Store;
beforeEach(async () => {
  store = await openTestStore();
});
afterEach(async () => {
  await store.close();
});

const now = new Date('2026-11-23T12:00:00Z');
const answered = (score: number, verbatim: string | null = null) =>
  ({ type: 'survey.answered', surveyId: 77, ticketId: 501, kind: 'CES', score, verbatim, at: now }) as const;

async function queued(): Promise<SlackAlertPayload[]> {
  const messages: SlackAlertPayload[] = [];
  for (let m = await store.outbox.claimNext(now, 60_000); m; m = await store.outbox.claimNext(now, 60_000))
    messages.push(m.payload as SlackAlertPayload);
  return messages;
}

describe('low score alerts (closed loop)', () => {
  it('alerts a CES 2 on a case passed between teams, and redraws it when the verbatim arrives', async () => {
    const { deps } = alertHarness(store, now);
    await storeSolvedTicket(store, 501, now);
    await handleLowScoreAnswer(deps, answered(2));
    await handleLowScoreAnswer(deps, answered(2)); // the same event again: nothing new
    await handleLowScoreAnswer(deps, answered(2, 'Three people asked me the same thing'));

    const [post, update, ...rest] = await queued();
    expect(rest).toEqual([]);
    expect(post).toMatchObject({ op: 'post', message: { type: 'low_score' } });
    const view = (post as { message: { view: LowScoreAlertView } }).message.view;
    expect(view).toMatchObject({
      ticketId: 501,
      ticketUrl: 'https://acme.zendesk.com/agent/tickets/501',
      score: 2,
      scaleMax: 7,
      customerName: 'Anna de Vries',
      teamLabel: 'Billing',
      drivers: ['2 team handoffs', '1 agent handoff', '2 channel switches'],
      verbatim: null,
      status: 'open',
    });
    expect(update).toMatchObject({
      op: 'update',
      message: { type: 'low_score', view: { verbatim: 'Three people asked me the same thing' } },
    });
    expect(await store.alerts.listActive('low_score')).toHaveLength(1);
  });

  it('stays quiet for a higher score, a smooth case, another survey kind, or when turned off', async () => {
    await storeSolvedTicket(store, 501, now, { drivers: { teamHandoffs: 0, agentHandoffs: 0, channelSwitches: 0 } });
    const { deps } = alertHarness(store, now);
    await handleLowScoreAnswer(deps, answered(1)); // no handoffs or switches
    await storeSolvedTicket(store, 501, now);
    await handleLowScoreAnswer(deps, answered(3));
    await handleLowScoreAnswer(deps, { ...answered(1), kind: 'CSAT' });
    await handleLowScoreAnswer(
      alertHarness(store, now, alertSettings({ lowScore: { enabled: false, maxScore: 2 } })).deps,
      answered(1),
    );
    expect(await store.alerts.listRecent(10)).toEqual([]);
  });

  it('stores the alert without queueing a post when no alert channel is set', async () => {
    await storeSolvedTicket(store, 501, now);
    await handleLowScoreAnswer(alertHarness(store, now, alertSettings({ channel: null })).deps, answered(1));
    expect(await store.alerts.listRecent(10)).toHaveLength(1);
    expect(await queued()).toEqual([]);
  });
});

describe('Acknowledge', () => {
  it('records the first lead who pressed it and redraws without the button', async () => {
    const { deps, setNow } = alertHarness(store, now);
    await storeSolvedTicket(store, 501, now);
    await handleLowScoreAnswer(deps, answered(1));
    const [alert] = await store.alerts.listRecent(1);
    const inbound = createAlertInbound(deps);
    setNow(new Date(now.getTime() + 60_000));
    const first = await inbound.acknowledge({ alertId: alert!.id, slackUserId: 'U0LEAD1' });
    const second = await inbound.acknowledge({ alertId: alert!.id, slackUserId: 'U0LEAD2' });
    expect(first).toMatchObject({ type: 'low_score', view: { status: 'acknowledged', acknowledgedBy: 'U0LEAD1' } });
    expect(second).toEqual(first);
    expect(await store.alerts.getById(alert!.id)).toMatchObject({
      status: 'acknowledged',
      acknowledgedBy: 'U0LEAD1',
      acknowledgedAt: new Date(now.getTime() + 60_000),
    });
    expect(await inbound.acknowledge({ alertId: 999, slackUserId: 'U0LEAD1' })).toBeNull();
  });
});

describe('/effort', () => {
  it('reads a team name, a group id, a channel, or nothing as everything', () => {
    const names = { '42': 'Billing' };
    expect(resolveSegment('', names)).toBe('all');
    expect(resolveSegment(' billing ', names)).toBe('group:42');
    expect(resolveSegment('43', names)).toBe('group:43');
    expect(resolveSegment('channel:email', names)).toBe('channel:email');
    expect(resolveSegment('marketing', names)).toBeNull();
  });

  it("answers a team's current figures against its baseline", async () => {
    const { deps } = alertHarness(store, now);
    for (let i = 0; i < 40; i++) {
      const at = new Date(now.getTime() - (i % 20) * HOUR_MS);
      await recordSample(deps, {
        key: `answer:${i}`,
        ticketId: i,
        at,
        team: 42,
        segments: ['all', 'channel:email'],
        values: { ces_average: 3, ces_easy_share: 0 },
      });
    }
    const result = await createAlertInbound(deps).effortSummary('Billing');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.view).toMatchObject({
      segmentLabel: 'Billing',
      windowText: 'last 24 h vs the 28 days before',
      openAlerts: 0,
      dashboardUrl: 'https://effort.example.com/?segment=group%3A42',
    });
    expect(result.view.rows.map((r) => [r.label, r.recent, r.recentN])).toEqual([
      ['CES average', '3.0', 40],
      ['Easy answers (CES 5-7)', '0%', 40],
    ]);
  });

  it('names the known teams when the team is unknown', async () => {
    const result = await createAlertInbound(alertHarness(store, now).deps).effortSummary('marketing');
    expect(result).toEqual({ ok: false, message: expect.stringContaining('Teams: Billing, Shipping') });
  });
});
