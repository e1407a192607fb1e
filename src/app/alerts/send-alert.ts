import type { AlertPoster } from '../../ports/alert-channel.js';
import type { AlertStore } from '../../ports/alert-store.js';
import type { Clock } from '../../ports/clock.js';
import { RetryLater } from '../../ports/errors.js';
import type { OutboxSender, SLACK_ALERT } from '../../ports/outbox.js';

/** Thread replies and redraws wait for the root message's ts; checked again a minute later. */
const ROOT_WAIT_MS = 60_000;

/**
 * Outbox sender for `slack.alert`. The root post stores where it landed (channel, ts) so
 * that updates go into its thread and redraws find it. A post that already has a ts is
 * not posted again (a message replayed after a crash between post and markSent still is:
 * Slack has no idempotency key, so that window is as small as the outbox makes it).
 */
export function createAlertSender(deps: { poster: AlertPoster; alerts: AlertStore; clock: Clock; channel: string }): OutboxSender<typeof SLACK_ALERT> {
  return async (message, log) => {
    const { payload } = message;
    const alert = await deps.alerts.getById(payload.alertId);
    if (!alert) {
      log.warn({ alertId: payload.alertId }, 'alert message for an unknown alert dropped');
      return { providerId: null };
    }
    if (payload.op === 'post') {
      if (alert.slackTs) return { providerId: alert.slackTs };
      const where = await deps.poster.postAlert(deps.channel, payload.message);
      await deps.alerts.update(alert.id, { slackChannel: where.channel, slackTs: where.ts }, deps.clock.now());
      return { providerId: where.ts };
    }
    if (!alert.slackChannel || !alert.slackTs) throw new RetryLater(`alert ${alert.id}: root message not posted yet`, ROOT_WAIT_MS);
    if (payload.op === 'update') {
      await deps.poster.updateAlert(alert.slackChannel, alert.slackTs, payload.message);
      return { providerId: alert.slackTs };
    }
    const posted = await deps.poster.postThreadUpdate(alert.slackChannel, alert.slackTs, payload.view);
    return { providerId: posted.ts };
  };
}
