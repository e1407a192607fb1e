import type { AlertPoster } from '../../ports/alert-channel.js';
import type { AlertStore } from '../../ports/alert-store.js';
import type { Clock } from '../../ports/clock.js';
import { RetryLater } from '../../ports/errors.js';
import type { OutboxSender, SLACK_ALERT } from '../../ports/outbox.js';
import type { OutboxTag } from '../../ports/outbox-tag.js';

/** Thread replies and redraws wait for the root message's ts; checked again a minute later. */
const ROOT_WAIT_MS = 60_000;

/**
 * Outbox sender for `slack.alert`. The root post stores where it landed (channel, ts) so
 * that updates go into its thread and redraws find it. A post that already has a ts is
 * not posted again. Slack has no idempotency key, so every post carries its outbox message
 * as message metadata: when an earlier try may have reached Slack (the process died
 * between post and record, or the answer timed out), the channel or thread is searched for
 * that metadata first, and a post found there is recorded instead of posted again.
 * Redraws (chat.update) are idempotent and need no such check.
 */
export function createAlertSender(deps: {
  poster: AlertPoster;
  alerts: AlertStore;
  clock: Clock;
  channel: string;
}): OutboxSender<typeof SLACK_ALERT> {
  return async (message, log, context) => {
    const { payload } = message;
    const tag: OutboxTag = { outboxId: message.id, dedupeKey: message.dedupeKey };
    const alert = await deps.alerts.getById(payload.alertId);
    if (!alert) {
      log.warn({ alertId: payload.alertId }, 'alert message for an unknown alert dropped');
      return { providerId: null };
    }
    if (payload.op === 'post') {
      if (alert.slackTs) return { providerId: alert.slackTs };
      // The root is queued when the alert is created, so no try started before that.
      const earlier = context.previousOutcomeUnknown
        ? await deps.poster.findPostedAlert(deps.channel, tag, alert.createdAt)
        : null;
      if (earlier)
        log.info(
          { alertId: alert.id, ts: earlier.ts },
          'alert root already posted by an earlier try; not posting it again',
        );
      const where = earlier ?? (await deps.poster.postAlert(deps.channel, payload.message, tag));
      await deps.alerts.update(alert.id, { slackChannel: where.channel, slackTs: where.ts }, deps.clock.now());
      return { providerId: where.ts };
    }
    if (!alert.slackChannel || !alert.slackTs)
      throw new RetryLater(`alert ${alert.id}: root message not posted yet`, ROOT_WAIT_MS);
    if (payload.op === 'update') {
      await deps.poster.updateAlert(alert.slackChannel, alert.slackTs, payload.message);
      return { providerId: alert.slackTs };
    }
    const earlier = context.previousOutcomeUnknown
      ? await deps.poster.findThreadUpdate(alert.slackChannel, alert.slackTs, tag)
      : null;
    if (earlier) {
      log.info(
        { alertId: alert.id, ts: earlier.ts },
        'alert thread update already posted by an earlier try; not posting it again',
      );
      return { providerId: earlier.ts };
    }
    const posted = await deps.poster.postThreadUpdate(alert.slackChannel, alert.slackTs, payload.view, tag);
    return { providerId: posted.ts };
  };
}
