import { describe, expect, it } from 'vitest';
import { decideRetry } from '../../src/app/retry-decision.js';
import { ChannelSendError, OutcomeUnknownError, PermanentError, RetryLater } from '../../src/ports/errors.js';

const policy = { baseMs: 1_000, capMs: 60_000, horizonMs: 3_600_000 };
const now = new Date('2026-03-02T10:00:00Z');
const work = (failures: number, queuedMsAgo: number) => ({
  failures,
  retryFrom: new Date(now.getTime() - queuedMsAgo),
});
const random = () => 0.5;

describe('decideRetry', () => {
  it('gives up at once on a permanent error', () => {
    expect(decideRetry(new PermanentError('422'), work(0, 0), now, policy)).toMatchObject({
      retryAt: null,
      reason: 'permanent',
    });
  });

  it('waits as asked without counting a failure, even past the horizon', () => {
    const decision = decideRetry(new RetryLater('429', 60_000), work(50, 10 * 3_600_000), now, policy);
    expect(decision).toMatchObject({ reason: 'wait', countsAsFailure: false });
    expect(decision.retryAt?.getTime()).toBe(now.getTime() + 60_000);
  });

  it('backs off exponentially within the horizon, and gives up once it has passed', () => {
    const early = decideRetry(new Error('503'), work(0, 0), now, policy, random);
    const later = decideRetry(new Error('503'), work(4, 0), now, policy, random);
    expect(early.retryAt!.getTime() - now.getTime()).toBe(500);
    expect(later.retryAt!.getTime() - now.getTime()).toBe(8_000);
    expect(decideRetry(new Error('503'), work(4, 3_600_000), now, policy)).toMatchObject({
      retryAt: null,
      reason: 'horizon',
    });
  });

  it("takes the provider's Retry-After over its own backoff", () => {
    const error = new ChannelSendError('503', { permanent: false, retryAfterMs: 42_000 });
    expect(decideRetry(error, work(0, 0), now, policy).retryAt?.getTime()).toBe(now.getTime() + 42_000);
  });

  it('remembers that a send may have gone out', () => {
    expect(decideRetry(new OutcomeUnknownError('timed out'), work(0, 0), now, policy)).toMatchObject({
      reason: 'backoff',
      outcomeUnknown: true,
    });
  });
});
