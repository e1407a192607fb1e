import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { Clock } from '../ports/clock.js';
import { errorMessage } from '../ports/errors.js';
import { isInboxProvider, type DeliveryHandlers, type DeliveryInbox } from '../ports/inbox.js';
import { keepLeased, LEASE_MS } from './keep-leased.js';
import { decideRetry, type RetryPolicy } from './retry-decision.js';

export const DELIVERY_RETRY: RetryPolicy = { baseMs: 5_000, capMs: 15 * 60_000, horizonMs: 24 * 3_600_000 };

export interface DeliveryWorkerDeps {
  inbox: DeliveryInbox;
  handlers: DeliveryHandlers;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  retry?: RetryPolicy;
  /** How long a claim holds without renewal (default LEASE_MS). */
  leaseMs?: number;
  /** Store.atomically: a handler marked local runs in one transaction with the delivery's `done`. */
  atomically?: <T>(work: () => Promise<T>) => Promise<T>;
}

/** Processes the next due delivery; false when none was due. Safe to call from several loops at once. */
export async function processNextDelivery(deps: DeliveryWorkerDeps): Promise<boolean> {
  const leaseMs = deps.leaseMs ?? LEASE_MS;
  const delivery = await deps.inbox.claimNext(deps.clock.now(), leaseMs);
  if (!delivery) return false;
  const log = deps.logger.child({
    deliveryId: delivery.deliveryId,
    provider: delivery.provider,
    attempt: delivery.attempts,
  });
  const handler = isInboxProvider(delivery.provider) ? deps.handlers[delivery.provider] : undefined;
  if (!handler) {
    // The integration is off (no API credentials): keep the delivery and look again later.
    const later = new Date(deps.clock.now().getTime() + 60_000);
    await deps.inbox.markFailed(delivery.id, `no handler for ${delivery.provider} (integration off)`, later, {
      countsAsFailure: false,
    });
    return false;
  }
  const stopRenewing = keepLeased(deps.inbox, delivery.id, deps.clock, log, leaseMs);
  try {
    const handleAndMarkDone = async () => {
      const handled = await handler(delivery, log);
      await deps.inbox.markDone(delivery.id, handled, deps.clock.now());
      return handled;
    };
    const outcome =
      handler.onlyLocal && deps.atomically ? await deps.atomically(handleAndMarkDone) : await handleAndMarkDone();
    deps.metrics.deliveriesProcessed.inc({ provider: delivery.provider, outcome });
  } catch (error) {
    const decision = decideRetry(error, delivery, deps.clock.now(), deps.retry ?? DELIVERY_RETRY);
    await deps.inbox.markFailed(delivery.id, errorMessage(error), decision.retryAt, decision);
    deps.metrics.deliveriesProcessed.inc({ provider: delivery.provider, outcome: decision.retryAt ? 'retry' : 'dead' });
    log.warn(
      { err: error, retryAt: decision.retryAt, why: decision.reason },
      decision.retryAt ? 'delivery failed; will retry' : 'delivery failed for good (dead letter)',
    );
  } finally {
    stopRenewing();
  }
  return true;
}
