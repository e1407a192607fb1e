import { SLACK_REPORT } from '../../src/ports/outbox.js';
import type { Service } from '../build-service.js';

/**
 * `report --post`: queues the digest in the outbox (so a Slack outage leaves it for the
 * service to retry, not lost) and sends it now. Returns the line to print.
 */
export async function postReportNow(service: Service, period: { since: Date; until: Date }): Promise<string> {
  const channel = service.config.slack?.alertChannel;
  if (!channel || !service.reports.senders[SLACK_REPORT])
    return 'not posted: Slack or SLACK_ALERT_CHANNEL is not configured';
  const now = service.clock.now();
  await service.store.outbox.enqueue(
    {
      kind: SLACK_REPORT,
      // A second --post of the same period is a new digest on purpose; the time keeps it apart.
      dedupeKey: `report:cli:${period.since.toISOString()}:${period.until.toISOString()}:${now.toISOString()}`,
      ticketId: null,
      payload: { since: period.since.toISOString(), until: period.until.toISOString() },
      notBefore: now,
    },
    now,
  );
  const sent = await service.workers.nextOutbox([SLACK_REPORT]);
  const failed = (await service.metrics.sends.get()).values.some((v) => v.labels.outcome !== 'sent' && v.value > 0);
  if (!sent || failed) return `Slack: the digest is queued and will be retried by the service (see the log)`;
  return `Slack: digest posted to ${channel}`;
}
