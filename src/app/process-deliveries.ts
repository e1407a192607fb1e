import { nextAttemptAt, type BackoffPolicy } from '../domain/backoff.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { Clock } from '../ports/clock.js';
import { errorMessage, isPermanentError } from '../ports/errors.js';
import { isInboxProvider, type DeliveryHandlers, type DeliveryInbox } from '../ports/inbox.js';

export const DELIVERY_RETRY: BackoffPolicy = { baseMs: 5_000, capMs: 15 * 60_000, maxAttempts: 12 };
const LEASE_MS = 5 * 60_000;

export interface DeliveryWorkerDeps {
  inbox: DeliveryInbox;
  handlers: DeliveryHandlers;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  retry?: BackoffPolicy;
}

/** Processes the next due delivery; false when none was due. Safe to call from several loops. */
export async function processNextDelivery(deps: DeliveryWorkerDeps): Promise<boolean> {
  const delivery = await deps.inbox.claimNext(deps.clock.now(), LEASE_MS);
  if (!delivery) return false;
  const log = deps.logger.child({ deliveryId: delivery.deliveryId, provider: delivery.provider, attempt: delivery.attempts });
  const handler = isInboxProvider(delivery.provider) ? deps.handlers[delivery.provider] : undefined;
  if (!handler) {
    // The integration is off (no API credentials): keep the delivery and look again later.
    await deps.inbox.markFailed(delivery.id, `no handler for ${delivery.provider} (integration off)`, new Date(deps.clock.now().getTime() + 60_000));
    return false;
  }
  try {
    const outcome = await handler(delivery, log);
    await deps.inbox.markDone(delivery.id, outcome, deps.clock.now());
    deps.metrics.deliveriesProcessed.inc({ provider: delivery.provider, outcome });
  } catch (error) {
    const retryAt = isPermanentError(error) ? null : nextAttemptAt(deps.clock.now(), delivery.attempts, deps.retry ?? DELIVERY_RETRY);
    await deps.inbox.markFailed(delivery.id, errorMessage(error), retryAt);
    deps.metrics.deliveriesProcessed.inc({ provider: delivery.provider, outcome: retryAt ? 'retry' : 'failed' });
    log.warn({ err: error, retryAt }, retryAt ? 'delivery failed; will retry' : 'delivery failed for good');
  }
  return true;
}
