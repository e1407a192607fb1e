import type { Logger } from '../logger.js';
import type { Clock } from '../ports/clock.js';
import type { DeliveryInbox } from '../ports/inbox.js';
import type { Outbox } from '../ports/outbox.js';

export interface RetentionDeps {
  inbox: Pick<DeliveryInbox, 'deleteProcessedBefore'>;
  outbox: Pick<Outbox, 'deleteFinishedBefore'>;
  clock: Clock;
  logger: Logger;
  /** RETENTION_DAYS in milliseconds. */
  retentionMs: number;
  /** Rows per delete (one short turn on the database each); default 1,000. */
  batchSize?: number;
}

/** How often the purge runs while the service is up. */
export const RETENTION_INTERVAL_MS = 3_600_000;

/**
 * Deletes processed deliveries and finished outbox messages older than RETENTION_DAYS, a
 * batch at a time, yielding between batches so webhooks and workers get their turns.
 *
 * What may go (and what must stay):
 * - inbox rows done or ignored: the (provider, delivery id) key is the duplicate check for a
 *   provider that resends a delivery; providers resend within hours (Slack within the hour,
 *   Zendesk and Twilio sooner), and RETENTION_DAYS is at least one day. Waiting, running
 *   and dead deliveries stay whatever their age (dead letters wait for an operator).
 * - outbox rows sent or cancelled: nothing reads them again. Reconciliation after an
 *   unknown outcome asks the provider about rows still waiting; a survey is sent once because
 *   of its status in `surveys`, an effort write-back once per state because of the ticket's
 *   effort_state_key, an alert once because of its Slack ts: all kept. Waiting, sending and
 *   dead messages stay.
 * Tickets, audits, drivers, surveys and alert samples are the product's record: kept.
 */
export async function purgeExpired(deps: RetentionDeps): Promise<{ deliveries: number; outbox: number }> {
  const cutoff = new Date(deps.clock.now().getTime() - deps.retentionMs);
  const batchSize = deps.batchSize ?? 1_000;
  const drain = async (deleteBatch: () => Promise<number>) => {
    let total = 0;
    for (;;) {
      const deleted = await deleteBatch();
      total += deleted;
      if (deleted < batchSize) return total;
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  const deliveries = await drain(() => deps.inbox.deleteProcessedBefore(cutoff, batchSize));
  const outbox = await drain(() => deps.outbox.deleteFinishedBefore(cutoff, batchSize));
  if (deliveries + outbox > 0)
    deps.logger.info({ deliveries, outbox, before: cutoff.toISOString() }, 'retention: deleted old queue rows');
  return { deliveries, outbox };
}

/** Purges now and then every hour; returns the function that stops it (after a purge under way). */
export function scheduleRetention(deps: RetentionDeps, intervalMs = RETENTION_INTERVAL_MS): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const run = () => {
    running = running.then(() =>
      purgeExpired(deps).catch((error: unknown) => deps.logger.error({ err: error }, 'retention purge failed')),
    );
  };
  run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
