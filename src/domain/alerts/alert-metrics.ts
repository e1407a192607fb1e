import type { EffortDrivers, EffortScore } from '../drivers.js';
import type { Direction } from './compare-windows.js';

/** What the alert job watches per segment. Answer metrics come from CES answers, case metrics from solved cases. */
export const ALERT_METRICS = [
  'ces_average',
  'ces_easy_share',
  'effort_index',
  'channel_switches',
  'team_handoffs',
  'reopen_rate',
  'repeat_contact_rate',
  'first_contact_resolution_rate',
] as const;

export type AlertMetric = (typeof ALERT_METRICS)[number];

export interface MetricDefinition {
  label: string;
  direction: Direction;
  source: 'answer' | 'case';
  /** How values read: a mean score, a share of 0/1 values, a count per case, index points. */
  unit: 'score' | 'share' | 'per_case' | 'points';
  /**
   * Smallest worsening a lead cares about (in the metric's unit). With thousands of cases a
   * trivial drift becomes "significant"; this keeps alerts to changes worth acting on.
   */
  minEffect: number;
}

export const METRIC_DEFINITIONS: Readonly<Record<AlertMetric, MetricDefinition>> = Object.freeze({
  ces_average: { label: 'CES average', direction: 'lower_is_worse', source: 'answer', unit: 'score', minEffect: 0.5 },
  ces_easy_share: {
    label: 'Easy answers (CES 5-7)',
    direction: 'lower_is_worse',
    source: 'answer',
    unit: 'share',
    minEffect: 0.1,
  },
  effort_index: { label: 'Effort index', direction: 'higher_is_worse', source: 'case', unit: 'points', minEffect: 5 },
  channel_switches: {
    label: 'Channel switches per case',
    direction: 'higher_is_worse',
    source: 'case',
    unit: 'per_case',
    minEffect: 0.2,
  },
  team_handoffs: {
    label: 'Team handoffs per case',
    direction: 'higher_is_worse',
    source: 'case',
    unit: 'per_case',
    minEffect: 0.2,
  },
  reopen_rate: { label: 'Reopen rate', direction: 'higher_is_worse', source: 'case', unit: 'share', minEffect: 0.05 },
  repeat_contact_rate: {
    label: 'Repeat contact rate',
    direction: 'higher_is_worse',
    source: 'case',
    unit: 'share',
    minEffect: 0.05,
  },
  first_contact_resolution_rate: {
    label: 'First-contact resolution',
    direction: 'lower_is_worse',
    source: 'case',
    unit: 'share',
    minEffect: 0.1,
  },
});

export function isAlertMetric(value: string): value is AlertMetric {
  return (ALERT_METRICS as readonly string[]).includes(value);
}

export type MetricValues = Partial<Record<AlertMetric, number>>;

/** The case metrics of one solved case. */
export function caseMetricValues(drivers: EffortDrivers, score: EffortScore): MetricValues {
  return {
    effort_index: score.index,
    channel_switches: drivers.channelSwitches,
    team_handoffs: drivers.teamHandoffs,
    reopen_rate: drivers.reopens > 0 ? 1 : 0,
    repeat_contact_rate: drivers.repeatContact ? 1 : 0,
    first_contact_resolution_rate: drivers.firstContactResolution ? 1 : 0,
  };
}

/** A CES answer (1-7); 5-7 counts as easy (Gartner's "agree" side of the scale). */
export function cesMetricValues(score: number): MetricValues {
  return { ces_average: score, ces_easy_share: score >= 5 ? 1 : 0 };
}

/** A value as a lead reads it: `4.2`, `38%`, `0.45 per case`, `52`. */
export function formatMetricValue(metric: AlertMetric, value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  switch (METRIC_DEFINITIONS[metric].unit) {
    case 'score':
      return value.toFixed(1);
    case 'share':
      return `${Math.round(value * 100)}%`;
    case 'per_case':
      return value.toFixed(2);
    case 'points':
      return value.toFixed(0);
  }
}
