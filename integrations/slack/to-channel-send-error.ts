import { webApi } from '@slack/bolt';
import { ChannelSendError } from '../../src/ports/errors.js';

/**
 * Slack answers HTTP 200 with `{ ok: false, error }` for almost every failure; @slack/web-api
 * turns that into a platform error. These few mean "Slack had a bad moment" and are worth
 * another try later (method pages list `fatal_error`, `internal_error`, `request_timeout`,
 * `service_unavailable`; `ratelimited` is the body form of a 429). Every other platform error
 * (user_not_found, channel_not_found, not_authed, invalid_auth, account_inactive,
 * token_revoked, cannot_dm_bot, missing_scope, invalid_blocks, ...) says the same request
 * will fail again: permanent, so the outbox dead-letters it instead of retrying for a day.
 */
const RETRYABLE_PLATFORM_ERRORS = new Set([
  'fatal_error',
  'internal_error',
  'request_timeout',
  'service_unavailable',
  'ratelimited',
  'rate_limited',
]);

type SlackSdkError = Error & {
  code?: string;
  data?: { error?: string };
  retryAfter?: number;
  statusCode?: number;
};

/** The `error` string of a Slack platform error (`users_not_found`), or null for any other failure. */
export function platformErrorCode(error: unknown): string | null {
  const e = error as SlackSdkError;
  return e?.code === webApi.ErrorCode.PlatformError && typeof e.data?.error === 'string' ? e.data.error : null;
}

/** Maps a @slack/web-api failure to the port's error; messages name the method, never the token. */
export function toChannelSendError(error: unknown, method: string): ChannelSendError {
  if (error instanceof ChannelSendError) return error;
  const e = error as SlackSdkError;
  switch (e?.code) {
    case webApi.ErrorCode.RateLimitedError: {
      // Thrown because the client runs with rejectRateLimitedCalls: the outbox waits, durably.
      const retryAfterMs = typeof e.retryAfter === 'number' ? e.retryAfter * 1000 : undefined;
      return new ChannelSendError(`slack ${method} rate limited (retry after ${e.retryAfter ?? '?'} s)`, {
        permanent: false,
        code: 'rate_limited',
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      });
    }
    case webApi.ErrorCode.PlatformError: {
      const code = platformErrorCode(e) ?? 'unknown_error';
      return new ChannelSendError(`slack ${method} failed: ${code}`, {
        permanent: !RETRYABLE_PLATFORM_ERRORS.has(code),
        code,
      });
    }
    case webApi.ErrorCode.HTTPError: {
      // Reached only after the client's own retries; 5xx and 408 may pass, other statuses will not.
      const status = e.statusCode ?? 0;
      return new ChannelSendError(`slack ${method} failed: HTTP ${status}`, {
        permanent: status < 500 && status !== 408,
        code: status,
      });
    }
    case webApi.ErrorCode.RequestError:
      return new ChannelSendError(`slack ${method} failed: network error (${e.message})`, {
        permanent: false,
        code: 'request_error',
      });
    default:
      // Unknown failures are retried: losing a survey to a bug in error handling is worse than one more try.
      return new ChannelSendError(`slack ${method} failed: ${e?.message ?? String(error)}`, {
        permanent: false,
        code: null,
      });
  }
}
