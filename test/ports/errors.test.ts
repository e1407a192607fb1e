import { describe, expect, it } from 'vitest';
import {
  ChannelSendError,
  ErrorCode,
  isCodedError,
  isPermanentError,
  PermanentError,
  retryAfterMsOf,
  RetryLater,
  StartupError,
  ZendeskApiError,
  ZendeskPayloadError,
} from '../../src/ports/errors.js';

describe('coded errors', () => {
  it.each([
    ['PermanentError', new PermanentError('not a ticket payload'), ErrorCode.Permanent, true],
    ['RetryLater', new RetryLater('inside quiet hours', 60_000), ErrorCode.RetryLater, false],
    [
      'a refused channel send (Twilio 21610)',
      new ChannelSendError('unsubscribed', { permanent: true, optedOut: true, code: 21610 }),
      ErrorCode.ChannelRejected,
      true,
    ],
    [
      'a channel send worth retrying (503)',
      new ChannelSendError('503', { permanent: false, code: 503 }),
      ErrorCode.ChannelUnavailable,
      false,
    ],
    ['a Zendesk 422', new ZendeskApiError('Zendesk answered 422', 422, false), ErrorCode.ZendeskRejected, true],
    [
      'Zendesk 5xx through every retry',
      new ZendeskApiError('Zendesk answered 503 5 times', 503, true),
      ErrorCode.ZendeskUnavailable,
      false,
    ],
    [
      'a body that is not Zendesk JSON',
      new ZendeskPayloadError('webhook body is not a JSON object'),
      ErrorCode.ZendeskPayload,
      true,
    ],
    ['a start that cannot succeed', new StartupError('PORT', 'port 3000 is in use'), ErrorCode.Startup, true],
  ])('%s: its code decides whether to retry', (_case, error, code, permanent) => {
    expect(isCodedError(error)).toBe(true);
    expect(error.code).toBe(code);
    expect(isPermanentError(error)).toBe(permanent);
    expect(error.retryable).toBe(!permanent);
  });

  it('treats errors without a code as passing: a plain Error is retried', () => {
    expect(isCodedError(new Error('socket hang up'))).toBe(false);
    expect(isPermanentError(new Error('socket hang up'))).toBe(false);
  });

  it('no longer reads retry fields off arbitrary objects', () => {
    expect(isPermanentError(Object.assign(new Error('422'), { retryable: false }))).toBe(false);
    expect(retryAfterMsOf(Object.assign(new Error('429'), { retryAfterMs: 30_000 }))).toBeUndefined();
  });

  it('takes the wait from retryable coded errors only', () => {
    expect(retryAfterMsOf(new RetryLater('root message not posted yet', 60_000))).toBe(60_000);
    expect(retryAfterMsOf(new ChannelSendError('429', { permanent: false, retryAfterMs: 7_000 }))).toBe(7_000);
    expect(retryAfterMsOf(new ZendeskApiError('429 5 times', 429, true, 12_000))).toBe(12_000);
    expect(retryAfterMsOf(new ChannelSendError('429', { permanent: false }))).toBeUndefined();
    // A permanent failure is not retried, whatever wait it mentions.
    expect(retryAfterMsOf(new ChannelSendError('gone', { permanent: true, retryAfterMs: 7_000 }))).toBeUndefined();
  });

  it('keeps the provider details beside the code', () => {
    const error = new ChannelSendError('unsubscribed recipient', { permanent: true, optedOut: true, code: 21610 });
    expect(error).toMatchObject({
      name: 'ChannelSendError',
      code: 'channel_rejected',
      details: { optedOut: true, code: 21610 },
    });
    expect(new StartupError('DATABASE_URL', 'newer database', { cause: new Error('v9') })).toMatchObject({
      variable: 'DATABASE_URL',
      code: 'startup',
    });
  });
});
