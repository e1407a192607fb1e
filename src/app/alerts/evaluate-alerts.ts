import type { AlertRecord } from '../../domain/alerts/alert.js';
import type { AlertThreadUpdateView } from '../../domain/alerts/alert-view.js';
import { decideSegmentAlert, explainedBy } from '../../domain/alerts/alert-state.js';
import { evaluateSegments, type SegmentFinding } from '../../domain/alerts/evaluate.js';
import { windowText } from '../../domain/alerts/rules.js';
import type { AlertMetric } from '../../domain/alerts/alert-metrics.js';
import { segmentLabel, teamSegment, type TeamId } from '../../domain/alerts/segments.js';
import type { AlertMessageView } from '../../ports/alert-channel.js';
import type { AlertDeps } from './alert-deps.js';
import { buildMetricAlertView, inMetricOrder, metricChange } from './alert-views.js';
import { queueAlertMessage } from './queue-alert-message.js';
import { refreshAggregates } from './shared-aggregates.js';

export interface EvaluationReport {
  at: Date;
  /** Time spent judging the aggregates (the part that must stay fast), ms. */
  judgeMs: number;
  segments: SegmentFinding[];
  opened: AlertRecord[];
  updated: AlertRecord[];
  resolved: AlertRecord[];
  /** Set when another instance was evaluating at that moment, so this one judged nothing. */
  skipped?: true;
}

function threadView(
  alert: AlertRecord,
  segment: SegmentFinding,
  kind: AlertThreadUpdateView['kind'],
  settingsTeamNames: Readonly<Record<string, string>>,
  metrics = alert.metrics,
): AlertThreadUpdateView {
  return {
    alertId: alert.id,
    kind,
    segmentLabel: segmentLabel(segment.segment, settingsTeamNames),
    changes: inMetricOrder(segment.findings.filter((f) => metrics.includes(f.metric))).map(metricChange),
    windowText: windowText(segment.rules),
  };
}

async function openAlert(
  deps: AlertDeps,
  segment: SegmentFinding,
  metrics: AlertRecord['metrics'],
  now: Date,
): Promise<AlertRecord | null> {
  let alert: AlertRecord;
  try {
    alert = await deps.store.alerts.create(
      { kind: 'metric', subject: segment.segment, ticketId: null, metrics, view: null },
      now,
    );
  } catch (error) {
    // Another process (the `alerts` CLI next to the service) opened it first.
    if (await deps.store.alerts.findActive('metric', segment.segment)) return null;
    throw error;
  }
  const view = await buildMetricAlertView(deps, {
    alertId: alert.id,
    segment,
    metrics,
    status: 'open',
    acknowledgedBy: null,
    now,
  });
  alert = await deps.store.alerts.update(alert.id, { view }, now);
  await queueAlertMessage(
    deps,
    { op: 'post', alertId: alert.id, message: { type: 'metric', view } },
    `alert:${alert.id}:post`,
    now,
  );
  for (const metric of metrics) deps.countAlert?.(metric);
  deps.logger.warn({ alertId: alert.id, segment: segment.segment, metrics }, 'effort alert opened');
  return alert;
}

async function redrawAndThread(
  deps: AlertDeps,
  alert: AlertRecord,
  segment: SegmentFinding,
  thread: AlertThreadUpdateView,
  now: Date,
): Promise<void> {
  const view = await buildMetricAlertView(deps, {
    alertId: alert.id,
    segment,
    metrics: alert.metrics,
    status: alert.status,
    acknowledgedBy: alert.acknowledgedBy,
    now,
  });
  await deps.store.alerts.update(alert.id, { view }, now);
  const message: AlertMessageView = { type: 'metric', view };
  await queueAlertMessage(
    deps,
    { op: 'thread', alertId: alert.id, view: thread },
    `alert:${alert.id}:thread:${thread.kind}:${now.getTime()}`,
    now,
  );
  await queueAlertMessage(
    deps,
    { op: 'update', alertId: alert.id, message },
    `alert:${alert.id}:update:${now.getTime()}`,
    now,
  );
}

/**
 * One evaluation: bring the in-memory aggregates up to date with the buckets every instance
 * writes, judge every segment from them, then move each segment's alert through
 * open -> acknowledged -> resolved and queue the Slack messages.
 */
export async function evaluateAlerts(deps: AlertDeps, now: Date = deps.clock.now()): Promise<EvaluationReport> {
  await refreshAggregates(deps, now);
  const active = new Map((await deps.store.alerts.listActive('metric')).map((a) => [a.subject, a]));
  const started = performance.now();
  const explained = (team: TeamId, metric: AlertMetric) => explainedBy(active.get(teamSegment(team)), metric);
  const segments = evaluateSegments(deps.aggregates, now, deps.settings.rules, explained);
  const judgeMs = performance.now() - started;
  const report: EvaluationReport = { at: now, judgeMs, segments, opened: [], updated: [], resolved: [] };

  for (const segment of segments) {
    const current = active.get(segment.segment) ?? null;
    const hasWorse = segment.findings.some((f) => f.state === 'worse');
    if (!current && !hasWorse) continue;
    const lastResolvedAt = current ? null : await deps.store.alerts.lastResolvedAt('metric', segment.segment);
    const decision = decideSegmentAlert({
      active: current,
      lastResolvedAt,
      findings: segment.findings,
      now,
      timing: deps.settings.timing,
    });
    if (decision.action === 'open') {
      const opened = await openAlert(deps, segment, decision.metrics, now);
      if (opened) report.opened.push(opened);
    } else if (decision.action === 'update' && current) {
      const alert = await deps.store.alerts.update(current.id, { metrics: decision.metrics, lastNotifiedAt: now }, now);
      await redrawAndThread(
        deps,
        alert,
        segment,
        threadView(alert, segment, 'worse', deps.settings.teamNames, decision.newMetrics),
        now,
      );
      report.updated.push(alert);
    } else if (decision.action === 'resolve' && current) {
      const alert = await deps.store.alerts.update(
        current.id,
        { status: 'resolved', resolvedAt: now, lastNotifiedAt: now },
        now,
      );
      await redrawAndThread(deps, alert, segment, threadView(alert, segment, 'resolved', deps.settings.teamNames), now);
      deps.logger.info({ alertId: alert.id, segment: segment.segment }, 'effort alert resolved');
      report.resolved.push(alert);
    }
  }
  return report;
}
