import { nextAttemptAt, type BackoffPolicy } from '../domain/backoff.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { Clock } from '../ports/clock.js';
import { errorMessage, isPermanentError, PermanentError, retryAfterMsOf } from '../ports/errors.js';
import type {
  Outbox,
  OutboxDeadHandlers,
  OutboxKind,
  OutboxMessage,
  OutboxSenders,
  UnreadableOutboxMessage,
} from '../ports/outbox.js';

export const OUTBOX_RETRY: BackoffPolicy = { baseMs: 10_000, capMs: 60 * 60_000, maxAttempts: 20 };
const LEASE_MS = 5 * 60_000;

export interface OutboxWorkerDeps {
  outbox: Outbox;
  senders: OutboxSenders;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  retry?: BackoffPolicy;
  onDead?: OutboxDeadHandlers;
  /** Only claim these kinds (the `alerts` CLI sends its own posts and nothing else). */
  kinds?: readonly OutboxKind[];
}

/** Sends the next due message; false when none was due. */
export async function processNextOutboxMessage(deps: OutboxWorkerDeps): Promise<boolean> {
  const message = await deps.outbox.claimNext(deps.clock.now(), LEASE_MS, deps.kinds);
  if (!message) return false;
  const log = deps.logger.child({ outboxId: message.id, kind: message.kind, ticketId: message.ticketId, attempt: message.attempts });
  if ('problem' in message) {
    // Another try cannot make it readable: give up now, with the reason on the row.
    await recordFailure(deps, message, new PermanentError(`unreadable ${message.kind} message: ${message.problem}`), log);
    return true;
  }
  const send = senderFor(deps.senders, message);
  if (!send) {
    await deps.outbox.markFailed(message.id, `no sender for ${message.kind} (integration off)`, new Date(deps.clock.now().getTime() + 60_000), deps.clock.now());
    return false;
  }
  try {
    const { providerId } = await send(log);
    await deps.outbox.markSent(message.id, providerId, deps.clock.now());
    deps.metrics.sends.inc({ kind: message.kind, outcome: 'sent' });
    log.info({ providerId }, 'outbox message sent');
  } catch (error) {
    await recordFailure(deps, message, error, log);
  }
  return true;
}

/** Pairs a message with the sender of its own kind, so the sender gets its payload type. */
function senderFor<K extends OutboxKind>(senders: OutboxSenders, message: OutboxMessage<K>) {
  const sender = senders[message.kind];
  return sender && ((log: Logger) => sender(message, log, { previousOutcomeUnknown: false }));
}

function deadHandlerFor<K extends OutboxKind>(handlers: OutboxDeadHandlers | undefined, message: OutboxMessage<K>) {
  const handler = handlers?.[message.kind];
  return handler && ((error: string) => handler(message, error));
}

async function recordFailure(deps: OutboxWorkerDeps, message: OutboxMessage | UnreadableOutboxMessage, error: unknown, log: Logger) {
  const now = deps.clock.now();
  let retryAt = isPermanentError(error) ? null : nextAttemptAt(now, message.attempts, deps.retry ?? OUTBOX_RETRY);
  // Upstream may answer "try after N seconds" (429 Retry-After); that wins over our own backoff.
  const hinted = retryAfterMsOf(error);
  if (retryAt && hinted !== undefined) retryAt = new Date(now.getTime() + hinted);
  await deps.outbox.markFailed(message.id, errorMessage(error), retryAt, now);
  if (!retryAt && !('problem' in message)) await deadHandlerFor(deps.onDead, message)?.(errorMessage(error));
  deps.metrics.sends.inc({ kind: message.kind, outcome: retryAt ? 'retry' : 'dead' });
  log.warn({ err: error, retryAt }, retryAt ? 'send failed; will retry' : 'send failed for good (dead letter)');
}
