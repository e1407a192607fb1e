import { backoffDelayMs, type BackoffPolicy } from '../domain/backoff.js';
import { ErrorCode, isCodedError, isPermanentError, isWaitNotFailure, retryAfterMsOf } from '../ports/errors.js';
import type { RetryOptions } from '../ports/work-queue.js';

export interface RetryPolicy extends Pick<BackoffPolicy, 'baseMs' | 'capMs'> {
  /** Failures are retried until this long after the work was first queued; then it is a dead letter. */
  horizonMs: number;
}

export interface RetryDecision extends RetryOptions {
  /** Null: give up, a dead letter. */
  retryAt: Date | null;
  reason: 'permanent' | 'horizon' | 'wait' | 'backoff';
}

/**
 * What to do after a try that did not succeed. Retries are counted in time, not tries: a
 * 30-minute outage costs some backoff, never the work. A wait that the provider or a rule
 * asked for (429 Retry-After, quiet hours) is not a failure at all and spends no budget.
 */
export function decideRetry(
  error: unknown,
  work: { failures: number; retryFrom: Date },
  now: Date,
  policy: RetryPolicy,
  random?: () => number,
): RetryDecision {
  const outcomeUnknown = isCodedError(error) && error.code === ErrorCode.OutcomeUnknown;
  if (isPermanentError(error)) return { retryAt: null, reason: 'permanent', countsAsFailure: true, outcomeUnknown };
  const hinted = retryAfterMsOf(error);
  if (isWaitNotFailure(error))
    return {
      retryAt: new Date(now.getTime() + (hinted ?? policy.baseMs)),
      reason: 'wait',
      countsAsFailure: false,
      outcomeUnknown,
    };
  if (now.getTime() - work.retryFrom.getTime() >= policy.horizonMs)
    return { retryAt: null, reason: 'horizon', countsAsFailure: true, outcomeUnknown };
  // The provider's own Retry-After wins over our backoff.
  const delay = hinted ?? backoffDelayMs(work.failures + 1, policy, random);
  return { retryAt: new Date(now.getTime() + delay), reason: 'backoff', countsAsFailure: true, outcomeUnknown };
}
