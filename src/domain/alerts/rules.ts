import type { AlertWindow } from './aggregates.js';
import { DEFAULT_ALPHA } from './compare-windows.js';
import { ALERT_METRICS, METRIC_DEFINITIONS, type AlertMetric } from './alert-metrics.js';

/** How one segment is judged; every field can be overridden per segment in config. */
export interface SegmentRules extends AlertWindow {
  /** Answers (CES metrics) or cases (case metrics) needed in the recent window. */
  minRecent: number;
  minBaseline: number;
  /** Significance to open an alert (one-sided; see compare-windows.ts). */
  alpha: number;
  /**
   * Significance below which an open alert stays open. Much looser than `alpha`, so an
   * alert does not flap closed and open again while the metric hovers near the line.
   */
  resolveAlpha: number;
  minEffect: Record<AlertMetric, number>;
}

export interface AlertRules {
  defaults: SegmentRules;
  /** Per segment key ('group:42', 'channel:email', 'all'). */
  overrides: Readonly<Record<string, Partial<SegmentRules>>>;
}

export const DEFAULT_SEGMENT_RULES: SegmentRules = Object.freeze({
  recentHours: 24,
  baselineDays: 28,
  minRecent: 30,
  minBaseline: 100,
  alpha: DEFAULT_ALPHA,
  resolveAlpha: 0.05,
  minEffect: Object.fromEntries(ALERT_METRICS.map((m) => [m, METRIC_DEFINITIONS[m].minEffect])) as Record<
    AlertMetric,
    number
  >,
});

export function rulesFor(rules: AlertRules, segment: string): SegmentRules {
  const override = rules.overrides[segment];
  if (!override) return rules.defaults;
  return { ...rules.defaults, ...override, minEffect: { ...rules.defaults.minEffect, ...override.minEffect } };
}

export function windowText(window: AlertWindow): string {
  return `last ${window.recentHours} h vs the ${window.baselineDays} days before`;
}
