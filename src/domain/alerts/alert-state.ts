import type { AlertRecord } from './alert.js';
import type { MetricFinding } from './evaluate.js';
import { METRIC_DEFINITIONS, type AlertMetric } from './alert-metrics.js';

export interface AlertTiming {
  /** After a segment's alert resolves, no new one for it before this has passed. */
  cooldownMs: number;
  /** At most one thread update per alert in this time. */
  updateIntervalMs: number;
}

export const DEFAULT_ALERT_TIMING: AlertTiming = Object.freeze({
  cooldownMs: 6 * 3_600_000,
  updateIntervalMs: 3_600_000,
});

export type AlertDecision =
  | { action: 'none' }
  | { action: 'open'; metrics: AlertMetric[] }
  /** More metrics rose while the alert is open: a thread message, the root redrawn. */
  | { action: 'update'; newMetrics: AlertMetric[]; metrics: AlertMetric[] }
  | { action: 'resolve' };

/**
 * One alert per segment while it stays high: open -> (acknowledged) -> resolved.
 * - open: some metric is worse, no alert is active, and the cooldown after the last one passed;
 * - update: a metric not in the alert became worse (paced by updateIntervalMs);
 * - resolve: every metric of the alert is back to normal. `elevated` and
 *   `insufficient_data` keep it open: a quiet night does not close an alert.
 */
export function decideSegmentAlert(input: {
  active: AlertRecord | null;
  lastResolvedAt: Date | null;
  findings: readonly MetricFinding[];
  now: Date;
  timing: AlertTiming;
}): AlertDecision {
  const { active, findings, now, timing } = input;
  const worse = findings.filter((f) => f.state === 'worse').map((f) => f.metric);
  if (!active) {
    if (worse.length === 0) return { action: 'none' };
    const cooling = input.lastResolvedAt !== null && now.getTime() - input.lastResolvedAt.getTime() < timing.cooldownMs;
    return cooling ? { action: 'none' } : { action: 'open', metrics: worse };
  }
  const stateOf = new Map(findings.map((f) => [f.metric, f.state]));
  if (active.metrics.every((metric) => stateOf.get(metric) === 'normal')) return { action: 'resolve' };
  const newMetrics = worse.filter((metric) => !active.metrics.includes(metric));
  const paced = now.getTime() - active.lastNotifiedAt.getTime() >= timing.updateIntervalMs;
  if (newMetrics.length > 0 && paced)
    return { action: 'update', newMetrics, metrics: [...active.metrics, ...newMetrics] };
  return { action: 'none' };
}

/**
 * Whether a team's open alert explains the team's share of a metric elsewhere ('all', its
 * channels): a metric the alert covers, and the CES answers (CES is the outcome of the
 * drivers the alert is about, and a team rarely has enough answers in a day to be judged
 * on CES alone).
 */
export function explainedBy(alert: AlertRecord | undefined, metric: AlertMetric): boolean {
  return alert !== undefined && (alert.metrics.includes(metric) || METRIC_DEFINITIONS[metric].source === 'answer');
}
