import { SLACK_ALERT, type SlackAlertPayload } from '../../ports/outbox.js';
import type { AlertDeps } from './alert-deps.js';

/**
 * Queues a Slack message for an alert through the outbox (paced, retried, never posted
 * twice: the dedupe key is per alert and step). Without SLACK_ALERT_CHANNEL nothing is
 * queued; the alert still lives in the database for the CLI and the dashboard.
 */
export async function queueAlertMessage(
  deps: AlertDeps,
  message: SlackAlertPayload,
  dedupeKey: string,
  now: Date,
): Promise<void> {
  if (!deps.settings.channel) return;
  const ticketId =
    message.op !== 'thread' && message.message.type === 'low_score' ? message.message.view.ticketId : null;
  await deps.store.outbox.enqueue({ kind: SLACK_ALERT, dedupeKey, ticketId, payload: message, notBefore: now }, now);
}
