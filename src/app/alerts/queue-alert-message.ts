import type { AlertThreadUpdateView } from '../../domain/alerts/alert-view.js';
import type { AlertMessageView } from '../../ports/alert-channel.js';
import { SLACK_ALERT, type AlertDeps } from './alert-deps.js';

/** What the Slack alert sender does with one outbox message. */
export type AlertOutboxMessage =
  | { op: 'post'; alertId: number; message: AlertMessageView }
  | { op: 'update'; alertId: number; message: AlertMessageView }
  | { op: 'thread'; alertId: number; view: AlertThreadUpdateView };

/**
 * Queues a Slack message for an alert through the outbox (paced, retried, never posted
 * twice: the dedupe key is per alert and step). Without SLACK_ALERT_CHANNEL nothing is
 * queued; the alert still lives in the database for the CLI and the dashboard.
 */
export async function queueAlertMessage(deps: AlertDeps, message: AlertOutboxMessage, dedupeKey: string, now: Date): Promise<void> {
  if (!deps.settings.channel) return;
  const ticketId = message.op !== 'thread' && message.message.type === 'low_score' ? message.message.view.ticketId : null;
  await deps.store.outbox.enqueue({ kind: SLACK_ALERT, dedupeKey, ticketId, payload: message, notBefore: now }, now);
  deps.wakeOutbox?.();
}
