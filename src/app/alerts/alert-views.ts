import type { AlertStatus } from '../../domain/alerts/alert.js';
import type { MetricAlertView, MetricChange } from '../../domain/alerts/alert-view.js';
import { windowBounds } from '../../domain/alerts/aggregates.js';
import type { MetricFinding, SegmentFinding } from '../../domain/alerts/evaluate.js';
import { explainRise, heaviestTickets } from '../../domain/alerts/explain.js';
import {
  ALERT_METRICS,
  formatMetricValue,
  METRIC_DEFINITIONS,
  type AlertMetric,
} from '../../domain/alerts/alert-metrics.js';
import { windowText } from '../../domain/alerts/rules.js';
import { ALL_SEGMENT, segmentLabel, teamOfSegment } from '../../domain/alerts/segments.js';
import type { AlertDeps } from './alert-deps.js';
import { ticketUrl } from './alert-settings.js';

export function metricChange(finding: MetricFinding): MetricChange {
  const { metric, comparison } = finding;
  return {
    metric,
    label: METRIC_DEFINITIONS[metric].label,
    recent: formatMetricValue(metric, comparison.recentMean),
    baseline: formatMetricValue(metric, comparison.baselineMean),
    recentN: finding.recent.n,
    baselineN: finding.baseline.n,
    pValue: comparison.pValue,
  };
}

/** Findings in the fixed metric order, so messages always list them the same way. */
export function inMetricOrder<T extends { metric: AlertMetric }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => ALERT_METRICS.indexOf(a.metric) - ALERT_METRICS.indexOf(b.metric));
}

export function dashboardLink(deps: AlertDeps, segment: string): string | null {
  return deps.settings.dashboardUrl ? `${deps.settings.dashboardUrl}?segment=${encodeURIComponent(segment)}` : null;
}

/** The root message of a metric alert: what rose, why, and the tickets that weigh most. */
export async function buildMetricAlertView(
  deps: AlertDeps,
  input: {
    alertId: number;
    segment: SegmentFinding;
    metrics: readonly AlertMetric[];
    status: AlertStatus;
    acknowledgedBy: string | null;
    now: Date;
  },
): Promise<MetricAlertView> {
  const { segment, metrics, now } = input;
  const team = teamOfSegment(segment.segment);
  const { recentFrom } = windowBounds(now, segment.rules);
  const samples = await deps.store.alertSamples.listSamples({
    segment: team === undefined ? segment.segment : ALL_SEGMENT,
    ...(team === undefined ? {} : { team }),
    from: new Date(recentFrom),
    to: new Date(now.getTime() + 1),
    limit: 1000,
  });
  const rose = inMetricOrder(segment.findings.filter((f) => metrics.includes(f.metric)));
  return {
    alertId: input.alertId,
    segmentLabel: segmentLabel(segment.segment, deps.settings.teamNames),
    status: input.status,
    acknowledgedBy: input.acknowledgedBy,
    rises: rose.map(metricChange),
    drivers: explainRise(segment.findings, deps.settings.effortWeights),
    tickets: heaviestTickets(samples, metrics, (id) => ticketUrl(deps.settings, id)),
    windowText: windowText(segment.rules),
    dashboardUrl: dashboardLink(deps, segment.segment),
  };
}
