/**
 * What alert messages show, as plain data; integrations/slack renders it as Block Kit.
 * Numbers arrive formatted (formatMetricValue) so every channel shows the same figures.
 */
import type { AlertStatus } from './alert.js';
import type { AlertMetric } from './alert-metrics.js';

export interface MetricChange {
  metric: AlertMetric;
  label: string;
  /** Formatted values, e.g. '0.85' or '42%'. */
  recent: string;
  baseline: string;
  recentN: number;
  baselineN: number;
  /** One-sided p-value of the test, null when it could not be computed. */
  pValue: number | null;
}

export interface DriverExplanation {
  metric: AlertMetric;
  label: string;
  recent: string;
  baseline: string;
  /** Share (0-1) of the effort-index rise this driver explains. */
  share: number;
}

export interface AlertTicket {
  ticketId: number;
  /** Agent link: `${ZENDESK_URL}/agent/tickets/<id>`; null when Zendesk is not configured. */
  url: string | null;
  /** Why it weighs: 'effort 78 · 2 team handoffs · CES 2'. */
  note: string;
}

export interface MetricAlertView {
  alertId: number;
  segmentLabel: string;
  status: AlertStatus;
  /** Slack user id of whoever pressed Acknowledge. */
  acknowledgedBy: string | null;
  rises: MetricChange[];
  drivers: DriverExplanation[];
  tickets: AlertTicket[];
  /** 'last 24 h vs the 28 days before'. */
  windowText: string;
  dashboardUrl: string | null;
}

/** A message in the alert's thread: it got worse (a new metric rose), or it is back to normal. */
export interface AlertThreadUpdateView {
  alertId: number;
  kind: 'worse' | 'resolved';
  segmentLabel: string;
  changes: MetricChange[];
  windowText: string;
}

export interface LowScoreAlertView {
  alertId: number;
  ticketId: number;
  ticketUrl: string | null;
  surveyKind: 'CES' | 'CSAT' | 'NPS';
  score: number;
  scaleMax: number;
  customerName: string | null;
  teamLabel: string;
  /** What made the case hard: '2 team handoffs', '1 channel switch'. */
  drivers: string[];
  /** The customer's own words, once given. */
  verbatim: string | null;
  status: AlertStatus;
  acknowledgedBy: string | null;
}

/** The `/effort [team]` answer: current figures against the baseline. */
export interface EffortSummaryView {
  segmentLabel: string;
  windowText: string;
  rows: Array<MetricChange & { worse: boolean }>;
  openAlerts: number;
  dashboardUrl: string | null;
}
