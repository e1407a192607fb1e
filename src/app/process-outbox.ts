import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { Outbox, OutboxMessage } from '../ports/store.js';
import { nextAttemptAt, type BackoffPolicy } from './backoff.js';
import type { Clock } from './clock.js';
import { errorMessage, isPermanentError } from './errors.js';

/** Sends one message; returns the provider's id for it (Zendesk audit id, Twilio SID, Slack ts). */
export type OutboxSender = (message: OutboxMessage, log: Logger) => Promise<{ providerId: string | null }>;

/** Upstream may answer "try after N seconds" (429 Retry-After); that wins over our own backoff. */
export interface RetryAfterHint {
  retryAfterMs?: number;
}

export const OUTBOX_RETRY: BackoffPolicy = { baseMs: 10_000, capMs: 60 * 60_000, maxAttempts: 20 };
const LEASE_MS = 5 * 60_000;

export interface OutboxWorkerDeps {
  outbox: Outbox;
  senders: Partial<Record<string, OutboxSender>>;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  retry?: BackoffPolicy;
  /** Called once a message of that kind is given up (dead letter), to record why where it matters. */
  onDead?: Partial<Record<string, (message: OutboxMessage, error: string) => Promise<void>>>;
  /** Only claim these kinds (the `alerts` CLI sends its own posts and nothing else). */
  kinds?: readonly string[];
}

/** Sends the next due message; false when none was due. */
export async function processNextOutboxMessage(deps: OutboxWorkerDeps): Promise<boolean> {
  const message = await deps.outbox.claimNext(deps.clock.now(), LEASE_MS, deps.kinds);
  if (!message) return false;
  const log = deps.logger.child({ outboxId: message.id, kind: message.kind, ticketId: message.ticketId, attempt: message.attempts });
  const sender = deps.senders[message.kind];
  if (!sender) {
    await deps.outbox.markFailed(message.id, `no sender for ${message.kind} (integration off)`, new Date(deps.clock.now().getTime() + 60_000), deps.clock.now());
    return false;
  }
  try {
    const { providerId } = await sender(message, log);
    await deps.outbox.markSent(message.id, providerId, deps.clock.now());
    deps.metrics.sends.inc({ kind: message.kind, outcome: 'sent' });
    log.info({ providerId }, 'outbox message sent');
  } catch (error) {
    const now = deps.clock.now();
    const hinted = (error as RetryAfterHint).retryAfterMs;
    let retryAt = isPermanentError(error) ? null : nextAttemptAt(now, message.attempts, deps.retry ?? OUTBOX_RETRY);
    if (retryAt && hinted !== undefined) retryAt = new Date(now.getTime() + hinted);
    await deps.outbox.markFailed(message.id, errorMessage(error), retryAt, now);
    if (!retryAt) await deps.onDead?.[message.kind]?.(message, errorMessage(error));
    deps.metrics.sends.inc({ kind: message.kind, outcome: retryAt ? 'retry' : 'dead' });
    log.warn({ err: error, retryAt }, retryAt ? 'send failed; will retry' : 'send failed for good (dead letter)');
  }
  return true;
}
