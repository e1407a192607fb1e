import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../db/open-store.js';
import type { AlertDeps } from '../../../src/app/alerts/alert-deps.js';
import { createAlertService } from '../../../src/app/alerts/alert-service.js';
import { recordSample } from '../../../src/app/alerts/record-samples.js';
import { MetricAggregates } from '../../../src/domain/alerts/aggregates.js';
import { evaluateSegments } from '../../../src/domain/alerts/evaluate.js';
import { HOUR_MS, type MetricSample } from '../../../src/domain/alerts/sample.js';
import type { Store } from '../../../src/ports/store.js';
import { alertSettings } from '../../support/alert-harness.js';
import { captureLogs } from '../../support/capture-logs.js';
import { effortCases } from '../../support/effort-stream.js';
import { createTestPostgresDatabase } from '../../support/store.js';
import { SLACK_ALERT, type SlackAlertPayload } from '../../../src/ports/outbox.js';

/**
 * Two service instances on one PostgreSQL database (two stores, two pools, two sets of
 * in-memory aggregates): what one records, the other judges; when both evaluate at once,
 * one of them does, and one alert opens. The data: 28 days of baseline for 4 teams,
 * then Billing (12) with 1.0 team handoffs per case instead of 0.2 (as alert-stream.test.ts).
 */
const TEAMS = [11, 12, 13, 14];
const START_MS = Date.UTC(2026, 9, 1);
const WATCH_FROM = 28 * 24;
const RISE_HOURS = 24;

const samples: MetricSample[] = [];
for (const c of effortCases({
  seed: 401,
  teams: TEAMS,
  channels: ['email', 'web', 'chat'],
  startMs: START_MS,
  hours: WATCH_FROM + RISE_HOURS,
  casesPerHourPerTeam: 4,
  answerRate: 0.4,
  rise: { team: 12, fromHour: WATCH_FROM, toHour: WATCH_FROM + RISE_HOURS, teamHandoffsMean: 1.0 },
})) {
  samples.push(c.caseSample);
  if (c.answerSample) samples.push(c.answerSample);
}
samples.sort((a, b) => a.at.getTime() - b.at.getTime());
const watchStart = START_MS + WATCH_FROM * HOUR_MS;
const baseline = samples.filter((s) => s.at.getTime() < watchStart);
const rise = samples.filter((s) => s.at.getTime() >= watchStart);

let stores: Store[] = [];
let now = new Date(START_MS);
beforeEach(async () => {
  const url = await createTestPostgresDatabase();
  stores = [await openStore(url, { migrate: true, poolSize: 4 }), await openStore(url, { migrate: true, poolSize: 4 })];
  now = new Date(watchStart);
});
afterEach(async () => {
  await Promise.all(stores.map((s) => s.close()));
});

function instance(store: Store): AlertDeps {
  return {
    store,
    clock: { now: () => now },
    logger: captureLogs().logger,
    settings: alertSettings({ watch: { tags: [], formIds: [] }, channel: 'C0LEADS' }),
    aggregates: new MetricAggregates(),
  };
}

/** The baseline in bulk (as a backfill on another instance would write it). */
async function storeBaseline(store: Store) {
  for (let i = 0; i < baseline.length; i += 1000) await store.alertSamples.recordMany(baseline.slice(i, i + 1000));
}

describe('alerts with two instances on one PostgreSQL database', () => {
  it('judges on one instance what the other recorded, and keeps its sums equal to the stored ones', async () => {
    const [a, b] = [instance(stores[0]!), instance(stores[1]!)];
    const serviceB = createAlertService(b);
    await serviceB.load(); // before anything is stored: all B knows later comes from the table
    await storeBaseline(stores[0]!);
    const opened: string[] = [];
    for (let hour = 0; hour < RISE_HOURS && opened.length === 0; hour++) {
      now = new Date(watchStart + (hour + 1) * HOUR_MS - 1);
      for (const s of rise) if (s.at <= now && s.at.getTime() > now.getTime() - HOUR_MS) await recordSample(a, s);
      // A replaced sample moves between hours: B must take it out of the old hour too.
      if (hour === 2) await recordSample(a, { ...baseline[0]!, at: new Date(now.getTime() - 60_000) });
      const report = await serviceB.evaluate();
      expect(report.skipped).toBeUndefined();
      opened.push(...report.opened.map((alert) => alert.subject));
    }
    expect(opened).toEqual(['group:12']);
    // B's sums, kept by refreshes only, equal a fresh load of the table.
    const fresh = instance(stores[1]!);
    await createAlertService(fresh).load();
    const judged = (deps: AlertDeps) =>
      evaluateSegments(deps.aggregates, now, deps.settings.rules)
        .map((s) => ({ ...s, findings: [...s.findings].sort((x, y) => x.metric.localeCompare(y.metric)) }))
        .sort((x, y) => x.segment.localeCompare(y.segment));
    expect(judged(b)).toEqual(judged(fresh));
    // A, which recorded the rise itself (mirrored in memory) but not the baseline, agrees once it evaluates.
    expect((await createAlertService(a).evaluate()).opened).toEqual([]);
    expect(judged(a)).toEqual(judged(fresh));
  });

  it('opens one alert when both instances evaluate at once, every hour', async () => {
    const [a, b] = [instance(stores[0]!), instance(stores[1]!)];
    const services = [createAlertService(a), createAlertService(b)];
    await storeBaseline(stores[0]!);
    await Promise.all(services.map((s) => s.load()));
    const reports = [];
    for (let hour = 0; hour < RISE_HOURS; hour++) {
      now = new Date(watchStart + (hour + 1) * HOUR_MS - 1);
      for (const s of rise)
        if (s.at <= now && s.at.getTime() > now.getTime() - HOUR_MS) await recordSample(hour % 2 ? a : b, s);
      reports.push(...(await Promise.all(services.map((s) => s.evaluate()))));
    }
    expect(reports.flatMap((r) => r.opened.map((alert) => alert.subject))).toEqual(['group:12']);
    expect((await stores[0]!.alerts.listRecent(10)).map((alert) => alert.subject)).toEqual(['group:12']);
    // One Slack post queued for it, whichever instance opened it (later findings go to its thread).
    const ops: string[] = [];
    for (let message = await stores[1]!.outbox.claimNext(now, 30_000); message; ) {
      if (message.kind === SLACK_ALERT) ops.push((message.payload as SlackAlertPayload).op);
      message = await stores[1]!.outbox.claimNext(now, 30_000);
    }
    expect(ops.filter((op) => op === 'post')).toHaveLength(1);
    // Both evaluated in the same moments; at least once one of them found the other at work.
    expect(reports.some((r) => r.skipped)).toBe(true);
  });
});
