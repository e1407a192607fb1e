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
import type { OutboxTag } from './outbox-tag.js';

export type AlertMessageView =
  | { type: 'metric'; view: MetricAlertView }
  | { type: 'low_score'; view: LowScoreAlertView };

export interface AlertPoster {
  /**
   * Posts an alert's root message to a channel (id or name); resolves with where it landed.
   * `tag` goes with the post so that `findPostedAlert` can recognise it later.
   */
  postAlert(channel: string, message: AlertMessageView, tag?: OutboxTag): Promise<{ channel: string; ts: string }>;
  /** Redraws the root message (acknowledged, verbatim arrived, resolved). */
  updateAlert(channel: string, ts: string, message: AlertMessageView): Promise<void>;
  /** Posts into the alert's thread: worse again, or back to normal; `tag` as for postAlert. */
  postThreadUpdate(
    channel: string,
    threadTs: string,
    view: AlertThreadUpdateView,
    tag?: OutboxTag,
  ): Promise<{ ts: string }>;
  /**
   * The root message posted with this tag to the channel (id or name) at or after `since`;
   * null when there is none. Asked before posting again after a try whose outcome is unknown.
   */
  findPostedAlert(channel: string, tag: OutboxTag, since: Date): Promise<{ channel: string; ts: string } | null>;
  /** The reply posted with this tag in the thread of `threadTs` (channel id); null when there is none. */
  findThreadUpdate(channel: string, threadTs: string, tag: OutboxTag): Promise<{ ts: string } | null>;
}

export interface AlertInbound {
  /** The Acknowledge button: records who took it and queues the redraw; null for an unknown alert. */
  acknowledge(input: { alertId: number; slackUserId: string }): Promise<AlertMessageView | null>;
  /** `/effort [team]`: current figures for a team (name or group id), a channel, or everything. */
  effortSummary(text: string): Promise<{ ok: true; view: EffortSummaryView } | { ok: false; message: string }>;
}
