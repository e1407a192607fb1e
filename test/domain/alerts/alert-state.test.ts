import { describe, expect, it } from 'vitest';
import type { AlertRecord } from '../../../src/domain/alerts/alert.js';
import { decideSegmentAlert, DEFAULT_ALERT_TIMING } from '../../../src/domain/alerts/alert-state.js';
import type { MetricFinding, MetricState } from '../../../src/domain/alerts/evaluate.js';
import type { AlertMetric } from '../../../src/domain/alerts/alert-metrics.js';

const now = new Date('2026-11-23T12:00:00Z');
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);

function finding(metric: AlertMetric, state: MetricState): MetricFinding {
  const stats = { n: 0, sum: 0, sumSquares: 0 };
  return {
    metric,
    state,
    recent: stats,
    baseline: stats,
    excludedTeams: [],
    comparison: { verdict: 'normal', recentMean: 0, baselineMean: 0, difference: 0, pValue: null, z: null },
  };
}

function active(metrics: AlertMetric[], lastNotifiedMinutesAgo = 120): AlertRecord {
  const t = minutesAgo(lastNotifiedMinutesAgo);
  return {
    id: 1,
    kind: 'metric',
    subject: 'group:1',
    ticketId: null,
    status: 'open',
    metrics,
    openedAt: t,
    acknowledgedBy: null,
    acknowledgedAt: null,
    resolvedAt: null,
    lastNotifiedAt: t,
    slackChannel: null,
    slackTs: null,
    view: null,
    createdAt: t,
    updatedAt: t,
  };
}

const decide = (a: AlertRecord | null, findings: MetricFinding[], lastResolvedAt: Date | null = null) =>
  decideSegmentAlert({ active: a, lastResolvedAt, findings, now, timing: DEFAULT_ALERT_TIMING });

describe('decideSegmentAlert', () => {
  it('opens with every metric that is worse', () => {
    expect(
      decide(null, [
        finding('team_handoffs', 'worse'),
        finding('effort_index', 'worse'),
        finding('ces_average', 'elevated'),
      ]),
    ).toEqual({
      action: 'open',
      metrics: ['team_handoffs', 'effort_index'],
    });
  });

  it('does nothing while nothing is worse, or during the cooldown after a resolve', () => {
    expect(decide(null, [finding('team_handoffs', 'elevated')])).toEqual({ action: 'none' });
    expect(decide(null, [finding('team_handoffs', 'worse')], minutesAgo(60))).toEqual({ action: 'none' });
    expect(decide(null, [finding('team_handoffs', 'worse')], minutesAgo(7 * 60)).action).toBe('open');
  });

  it('stays open while a metric is elevated or has too little data, and resolves when all are normal', () => {
    const a = active(['team_handoffs', 'effort_index']);
    expect(decide(a, [finding('team_handoffs', 'normal'), finding('effort_index', 'elevated')])).toEqual({
      action: 'none',
    });
    expect(decide(a, [finding('team_handoffs', 'normal'), finding('effort_index', 'insufficient_data')])).toEqual({
      action: 'none',
    });
    expect(decide(a, [finding('team_handoffs', 'normal')])).toEqual({ action: 'none' });
    expect(decide(a, [finding('team_handoffs', 'normal'), finding('effort_index', 'normal')])).toEqual({
      action: 'resolve',
    });
  });

  it('adds a newly worse metric as a thread update, at most once per update interval', () => {
    const findings = [finding('team_handoffs', 'worse'), finding('ces_average', 'worse')];
    expect(decide(active(['team_handoffs']), findings)).toEqual({
      action: 'update',
      newMetrics: ['ces_average'],
      metrics: ['team_handoffs', 'ces_average'],
    });
    expect(decide(active(['team_handoffs'], 10), findings)).toEqual({ action: 'none' });
    expect(decide(active(['team_handoffs', 'ces_average']), findings)).toEqual({ action: 'none' });
  });
});
