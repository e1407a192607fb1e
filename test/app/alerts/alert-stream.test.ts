import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlertDeps } from '../../../src/app/alerts/alert-deps.js';
import { createAlertService } from '../../../src/app/alerts/alert-service.js';
import { evaluateAlerts, type EvaluationReport } from '../../../src/app/alerts/evaluate-alerts.js';
import { recordSample } from '../../../src/app/alerts/record-samples.js';
import { loadConfig } from '../../../src/config/load-config.js';
import type { MetricAlertView } from '../../../src/domain/alerts/alert-view.js';
import { evaluateSegments, type SegmentFinding } from '../../../src/domain/alerts/evaluate.js';
import type { AlertMetric } from '../../../src/domain/alerts/alert-metrics.js';
import { HOUR_MS, type MetricSample } from '../../../src/domain/alerts/sample.js';
import { teamSegment, type TeamId } from '../../../src/domain/alerts/segments.js';
import { SLACK_ALERT, type SlackAlertPayload } from '../../../src/ports/outbox.js';
import type { Store } from '../../../src/ports/store.js';
import { alertDepsFor } from '../../../compose/alerts.js';
import { captureLogs } from '../../support/capture-logs.js';
import { effortCases, type EffortStreamOptions } from '../../support/effort-stream.js';
import { openTestStore } from '../../support/store.js';

/**
 * The alert story through the application layer and a real (in-memory SQLite) store: a
 * synthetic contact center (4 teams, 3 channels, ~96 cases and ~38 CES answers per team and
 * day) is recorded sample by sample with recordSample, 28 days of baseline then 3 watched
 * days in which Billing (group 12) gets 1.0 team handoffs per case instead of 0.2 for 24 h.
 * evaluateAlerts runs at the end of every watched hour (the service: every 5 minutes).
 */
const TEAMS = [11, 12, 13, 14];
const BILLING = 12;
const START_MS = Date.UTC(2026, 9, 1);
const WATCH_FROM = 28 * 24;
const WATCHED_HOURS = 72;
const RISE_HOURS = 24;
const ZENDESK = 'https://acme.zendesk.com';
/**
 * Seed 401: Billing's CES drop was once alerted a second time for channel:chat (now left
 * out, see the simulation test); 409: a metric rises late, during the recovery. Of seeds
 * 401-410 only 402 fails, with an unrelated false alert (group:14 first-contact resolution at
 * hour 46, noise): this test is about the wiring; false-alarm rates are measured in
 * test/domain/alerts/alert-simulation.test.ts. ALERT_STREAM_SEEDS=401,402,... runs others.
 */
const SEEDS = (process.env.ALERT_STREAM_SEEDS ?? '401,409').split(',').map(Number);

/** Evaluation time of watched hour h: its last millisecond. */
const at = (hour: number) => new Date(START_MS + (WATCH_FROM + hour + 1) * HOUR_MS - 1);

const config = loadConfig(
  {
    PUBLIC_URL: 'https://effort.acme.test',
    ZENDESK_URL: ZENDESK,
    ZENDESK_EMAIL: 'effortless@acme.test',
    ZENDESK_API_TOKEN: 'zendesk-token',
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_SIGNING_SECRET: 'slack-signing-secret',
    SLACK_ALERT_CHANNEL: 'C-LEADS',
  },
  { cwd: '/nonexistent' },
);

let store: Store;
beforeEach(async () => {
  store = await openTestStore();
});
afterEach(async () => {
  await store.close();
});

/** The deps wire-alerts.ts builds (empty aggregates), with team names from config and a clock the test moves. */
function depsFor(clock: { now: () => Date }): AlertDeps {
  const deps = alertDepsFor({ config, store, clock, logger: captureLogs().logger });
  return {
    ...deps,
    settings: { ...deps.settings, teamNames: { '11': 'Support', '12': 'Billing', '13': 'Shipping', '14': 'Returns' } },
  };
}

/** What the Slack sender would get, in queue order; marks each sent as a worker would. */
async function takeSlackMessages(now: Date): Promise<Array<{ dedupeKey: string; message: SlackAlertPayload }>> {
  const taken: Array<{ dedupeKey: string; message: SlackAlertPayload }> = [];
  for (
    let m = await store.outbox.claimNext(now, 60_000, [SLACK_ALERT]);
    m;
    m = await store.outbox.claimNext(now, 60_000, [SLACK_ALERT])
  ) {
    taken.push({ dedupeKey: m.dedupeKey, message: m.payload as SlackAlertPayload });
    await store.outbox.markSent(m.id, null, now);
  }
  return taken;
}

const outboxRows = async () => Object.values(await store.outbox.countByStatus()).reduce((a, b) => a + b, 0);

/** Findings in a fixed order (series order follows insertion, which a reload changes). */
function normalized(segments: SegmentFinding[]) {
  return [...segments]
    .sort((a, b) => a.segment.localeCompare(b.segment))
    .map((s) => ({
      ...s,
      findings: [...s.findings]
        .sort((a, b) => a.metric.localeCompare(b.metric))
        .map((f) => ({ ...f, excludedTeams: [...f.excludedTeams].sort() })),
    }));
}

const noChange = (report: EvaluationReport) => ({
  opened: report.opened.length,
  updated: report.updated.length,
  resolved: report.resolved.length,
});

describe('effort alerts through the application layer (SQLite store, recorded samples)', () => {
  it.each(SEEDS)(
    'seed %i: opens one Billing alert with its tickets, resolves it after recovery, queues each Slack message once',
    async (seed) => {
      const options: EffortStreamOptions = {
        seed,
        teams: TEAMS,
        channels: ['email', 'web', 'chat'],
        startMs: START_MS,
        hours: WATCH_FROM + WATCHED_HOURS,
        casesPerHourPerTeam: 4,
        answerRate: 0.4,
        rise: { team: BILLING, fromHour: WATCH_FROM, toHour: WATCH_FROM + RISE_HOURS, teamHandoffsMean: 1.0 },
      };
      const teamOfTicket = new Map<number, TeamId>();
      const samples: MetricSample[] = [];
      for (const c of effortCases(options)) {
        teamOfTicket.set(c.ticketId, c.team);
        samples.push(c.caseSample);
        if (c.answerSample) samples.push(c.answerSample);
      }
      samples.sort((a, b) => a.at.getTime() - b.at.getTime());

      let now = new Date(START_MS);
      const clock = { now: () => now };
      const deps = depsFor(clock);
      let next = 0;
      /** Moves the clock to watched hour h and records every sample up to then. */
      const advanceTo = async (hour: number) => {
        now = at(hour);
        while (next < samples.length && samples[next]!.at.getTime() <= now.getTime())
          await recordSample(deps, samples[next++]!);
      };
      const explained = async () => {
        const active = new Map((await store.alerts.listActive('metric')).map((a) => [a.subject, a]));
        return (team: TeamId, metric: AlertMetric) => active.get(teamSegment(team))?.metrics.includes(metric) ?? false;
      };

      // --- The rise: evaluated every hour of the first watched day.
      let opened: { hour: number; report: EvaluationReport } | null = null;
      for (let hour = 0; hour < RISE_HOURS; hour++) {
        await advanceTo(hour);
        const report = await evaluateAlerts(deps, now);
        if (report.opened.length > 0) {
          expect(
            opened,
            `second open at hour ${hour}: ${report.opened.map((a) => `${a.subject} [${a.metrics.join(', ')}]`).join(', ')}`,
          ).toBeNull();
          opened = { hour, report };
          // Evaluating again at the same time changes nothing and queues nothing twice.
          const rows = await outboxRows();
          expect(noChange(await evaluateAlerts(deps, now))).toEqual({ opened: 0, updated: 0, resolved: 0 });
          expect(await outboxRows()).toBe(rows);
        }
      }
      expect(opened, 'the Billing alert opened on the first day').not.toBeNull();
      const alert = opened!.report.opened[0]!;
      expect(opened!.report.opened).toHaveLength(1);
      expect(alert).toMatchObject({ kind: 'metric', subject: 'group:12', status: 'open' });

      const sent = await takeSlackMessages(now);
      const posts = sent.filter((s) => s.message.op === 'post');
      expect(posts.map((s) => s.dedupeKey)).toEqual([`alert:${alert.id}:post`]);
      const posted = (posts[0]!.message as Extract<SlackAlertPayload, { op: 'post' }>).message.view as MetricAlertView;
      expect(posted).toMatchObject({
        alertId: alert.id,
        segmentLabel: 'Billing',
        status: 'open',
        windowText: 'last 24 h vs the 28 days before',
        dashboardUrl: 'https://effort.acme.test/?segment=group%3A12',
      });
      expect(posted.rises.map((r) => r.metric)).toEqual(alert.metrics);
      // Whatever crossed the line first (team handoffs, or the effort index they drive), the
      // drivers name team handoffs as the main cause.
      expect(posted.drivers[0]?.metric).toBe('team_handoffs');
      expect(posted.tickets.length).toBeGreaterThan(0);
      expect(posted.tickets.length).toBeLessThanOrEqual(5);
      for (const ticket of posted.tickets) {
        expect(ticket.url).toBe(`${ZENDESK}/agent/tickets/${ticket.ticketId}`);
        expect(teamOfTicket.get(ticket.ticketId)).toBe(BILLING);
        expect(ticket.note).toMatch(/team handoff/);
      }
      // Metrics that rose later came as 'worse' thread messages with a redraw of the root.
      const threads = sent.filter((s) => s.message.op === 'thread');
      for (const s of threads)
        expect(s.message).toMatchObject({ op: 'thread', alertId: alert.id, view: { kind: 'worse' } });
      expect(sent.filter((s) => s.message.op === 'update')).toHaveLength(threads.length);
      // By the end of the first day the alert (and its root message as last drawn) lists team handoffs as a rise.
      const current = await store.alerts.getById(alert.id);
      expect(current?.metrics).toContain('team_handoffs');
      const drawn = current!.view as MetricAlertView;
      const handoffs = drawn.rises.find((r) => r.metric === 'team_handoffs');
      expect(handoffs, JSON.stringify(drawn.rises)).toBeDefined();
      expect(Number(handoffs!.recent)).toBeGreaterThan(Number(handoffs!.baseline) + 0.2);
      expect(handoffs!.pValue).toBeLessThan(0.001);
      const lastRedraw = sent.filter((s) => s.message.op === 'update').at(-1);
      expect(
        lastRedraw ? (lastRedraw.message as Extract<SlackAlertPayload, { op: 'update' }>).message.view : posted,
      ).toEqual(drawn);
      console.log(
        `[seed ${seed}] alert opened at watched hour ${opened!.hour} on [${alert.metrics.join(', ')}]; later: ${threads.map((s) => (s.message as Extract<SlackAlertPayload, { op: 'thread' }>).view.changes.map((c) => c.metric).join('+')).join(', ') || 'nothing'}`,
      );

      // --- A restart: fresh aggregates loaded from the stored buckets judge exactly the same.
      const reloaded = depsFor(clock);
      await createAlertService(reloaded).load();
      const isExplained = await explained();
      expect(normalized(evaluateSegments(reloaded.aggregates, now, reloaded.settings.rules, isExplained))).toEqual(
        normalized(evaluateSegments(deps.aggregates, now, deps.settings.rules, isExplained)),
      );

      // --- Recovery: handoffs are back to normal from hour 24; the 24 h window holds no rise hour from hour 47.
      let resolvedAt: number | null = null;
      for (let hour = RISE_HOURS; hour < WATCHED_HOURS; hour++) {
        await advanceTo(hour);
        const report = await evaluateAlerts(deps, now);
        expect(
          report.opened.map((a) => `${a.subject} [${a.metrics.join(', ')}]`),
          `hour ${hour}: no new alert, neither during the cooldown nor after`,
        ).toEqual([]);
        const messages = (await takeSlackMessages(now)).filter((s) => s.message.alertId === alert.id);
        if (report.resolved.length === 0) {
          // Still high: at most a 'worse' thread message (a metric that rose late, e.g. CES
          // answers arriving after their cases) with its redraw.
          expect(messages.map((s) => s.message.op).sort(), `hour ${hour}`).toEqual(
            report.updated.length ? ['thread', 'update'] : [],
          );
          continue;
        }
        expect(resolvedAt, `second resolve at hour ${hour}`).toBeNull();
        resolvedAt = hour;
        expect(report.resolved.map((a) => [a.id, a.status])).toEqual([[alert.id, 'resolved']]);
        const thread = messages.filter((s) => s.message.op === 'thread');
        expect(thread.map((s) => s.dedupeKey)).toEqual([`alert:${alert.id}:thread:resolved:${now.getTime()}`]);
        expect(thread[0]!.message).toMatchObject({ op: 'thread', view: { kind: 'resolved', segmentLabel: 'Billing' } });
        const redraw = messages.filter((s) => s.message.op === 'update');
        expect(redraw.map((s) => s.dedupeKey)).toEqual([`alert:${alert.id}:update:${now.getTime()}`]);
        expect(redraw[0]!.message).toMatchObject({
          op: 'update',
          message: { type: 'metric', view: { alertId: alert.id, status: 'resolved' } },
        });

        const rows = await outboxRows();
        expect(noChange(await evaluateAlerts(deps, now))).toEqual({ opened: 0, updated: 0, resolved: 0 });
        expect(await outboxRows()).toBe(rows);
      }
      expect(resolvedAt, 'resolved once the rise left the 24 h window').not.toBeNull();
      expect(resolvedAt!).toBeGreaterThanOrEqual(RISE_HOURS);
      expect(await store.alerts.getById(alert.id)).toMatchObject({ status: 'resolved', resolvedAt: at(resolvedAt!) });

      // One alert in all: no other team, 'all' or channel alerted (these seeds; for the rate of
      // unrelated false alerts see test/domain/alerts/alert-simulation.test.ts).
      expect((await store.alerts.listRecent(10)).map((a) => `${a.subject} [${a.metrics.join(', ')}]`)).toEqual([
        `group:12 [${(await store.alerts.getById(alert.id))!.metrics.join(', ')}]`,
      ]);
      expect(await store.outbox.countByStatus()).toEqual({ sent: await outboxRows() });
    },
    60_000,
  );
});
