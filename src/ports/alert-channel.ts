/**
 * Where alerts go (Slack today) and what comes back from leads. integrations/slack
 * implements AlertPoster; the alert service implements AlertInbound.
 */
import type {
  AlertThreadUpdateView,
  EffortSummaryView,
  LowScoreAlertView,
  MetricAlertView,
} from '../domain/alerts/alert-view.js';

export type AlertMessageView =
  | { type: 'metric'; view: MetricAlertView }
  | { type: 'low_score'; view: LowScoreAlertView };

export interface AlertPoster {
  /** Posts an alert's root message to a channel (id or name); resolves with where it landed. */
  postAlert(channel: string, message: AlertMessageView): Promise<{ channel: string; ts: string }>;
  /** Redraws the root message (acknowledged, verbatim arrived, resolved). */
  updateAlert(channel: string, ts: string, message: AlertMessageView): Promise<void>;
  /** Posts into the alert's thread: worse again, or back to normal. */
  postThreadUpdate(channel: string, threadTs: string, view: AlertThreadUpdateView): Promise<{ ts: string }>;
}

export interface AlertInbound {
  /** The Acknowledge button: records who took it and queues the redraw; null for an unknown alert. */
  acknowledge(input: { alertId: number; slackUserId: string }): Promise<AlertMessageView | null>;
  /** `/effort [team]`: current figures for a team (name or group id), a channel, or everything. */
  effortSummary(text: string): Promise<{ ok: true; view: EffortSummaryView } | { ok: false; message: string }>;
}
