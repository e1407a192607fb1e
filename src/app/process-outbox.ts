import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { Clock } from '../ports/clock.js';
import { errorMessage, PermanentError } from '../ports/errors.js';
import type {
  Outbox,
  OutboxDeadHandlers,
  OutboxKind,
  OutboxMessage,
  OutboxSenders,
  UnreadableOutboxMessage,
} from '../ports/outbox.js';
import { keepLeased, LEASE_MS } from './keep-leased.js';
import { decideRetry, type RetryPolicy } from './retry-decision.js';

export const OUTBOX_RETRY: RetryPolicy = { baseMs: 10_000, capMs: 60 * 60_000, horizonMs: 24 * 3_600_000 };

export interface OutboxWorkerDeps {
  outbox: Outbox;
  senders: OutboxSenders;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  retry?: RetryPolicy;
  /** How long a claim holds without renewal (default LEASE_MS). */
  leaseMs?: number;
  onDead?: OutboxDeadHandlers;
  /** Only claim these kinds (the `alerts` CLI sends its own posts and nothing else). */
  kinds?: readonly OutboxKind[];
}

/** Sends the next due message; false when none was due. */
export async function processNextOutboxMessage(deps: OutboxWorkerDeps): Promise<boolean> {
  const leaseMs = deps.leaseMs ?? LEASE_MS;
  const message = await deps.outbox.claimNext(deps.clock.now(), leaseMs, deps.kinds);
  if (!message) return false;
  const log = deps.logger.child({
    outboxId: message.id,
    kind: message.kind,
    ticketId: message.ticketId,
    attempt: message.attempts,
  });
  if ('problem' in message) {
    // Another try cannot make it readable: give up now, with the reason on the row.
    await recordFailure(
      deps,
      message,
      new PermanentError(`unreadable ${message.kind} message: ${message.problem}`),
      log,
    );
    return true;
  }
  const send = senderFor(deps.senders, message);
  if (!send) {
    const later = new Date(deps.clock.now().getTime() + 60_000);
    await deps.outbox.markFailed(
      message.id,
      `no sender for ${message.kind} (integration off)`,
      later,
      deps.clock.now(),
      {
        countsAsFailure: false,
        outcomeUnknown: message.previousOutcomeUnknown,
      },
    );
    return false;
  }
  const stopRenewing = keepLeased(deps.outbox, message.id, deps.clock, log, leaseMs);
  try {
    const { providerId } = await send(log);
    await deps.outbox.markSent(message.id, providerId, deps.clock.now());
    deps.metrics.sends.inc({ kind: message.kind, outcome: 'sent' });
    log.info({ providerId, reconciled: message.previousOutcomeUnknown }, 'outbox message sent');
  } catch (error) {
    await recordFailure(deps, message, error, log);
  } finally {
    stopRenewing();
  }
  return true;
}

/** Pairs a message with the sender of its own kind, so the sender gets its payload type. */
function senderFor<K extends OutboxKind>(senders: OutboxSenders, message: OutboxMessage<K>) {
  const sender = senders[message.kind];
  return sender && ((log: Logger) => sender(message, log, { previousOutcomeUnknown: message.previousOutcomeUnknown }));
}

function deadHandlerFor<K extends OutboxKind>(handlers: OutboxDeadHandlers | undefined, message: OutboxMessage<K>) {
  const handler = handlers?.[message.kind];
  return handler && ((error: string) => handler(message, error));
}

async function recordFailure(
  deps: OutboxWorkerDeps,
  message: OutboxMessage | UnreadableOutboxMessage,
  error: unknown,
  log: Logger,
) {
  const now = deps.clock.now();
  const decision = decideRetry(error, message, now, deps.retry ?? OUTBOX_RETRY);
  // A message that may already have gone out stays "unknown" until a try settles it.
  const outcomeUnknown = decision.outcomeUnknown || (message.previousOutcomeUnknown && decision.reason !== 'permanent');
  await deps.outbox.markFailed(message.id, errorMessage(error), decision.retryAt, now, { ...decision, outcomeUnknown });
  if (!decision.retryAt && !('problem' in message)) await deadHandlerFor(deps.onDead, message)?.(errorMessage(error));
  deps.metrics.sends.inc({ kind: message.kind, outcome: decision.retryAt ? 'retry' : 'dead' });
  log.warn(
    { err: error, retryAt: decision.retryAt, why: decision.reason },
    decision.retryAt ? 'send failed; will retry' : 'send failed for good (dead letter)',
  );
}
