/**
 * The errors that cross layers, each with an ErrorCode. The inbox and outbox workers decide
 * from the code alone whether another try can help, so an adapter says "do not retry" by
 * throwing the right class, not by setting a property some worker happens to read.
 */

export const ErrorCode = {
  /** Retrying cannot help: a payload we cannot read, a delivery or message no code handles. */
  Permanent: 'permanent',
  /** Not a failure: wait (quiet hours, a root message not posted yet), then try again. */
  RetryLater: 'retry_later',
  /** A survey or alert channel refused the send for good (Twilio 21610, Slack invalid_auth). */
  ChannelRejected: 'channel_rejected',
  /** A channel that may take the send later (429, 5xx, network). */
  ChannelUnavailable: 'channel_unavailable',
  /** Zendesk's final answer was a 4xx other than 429. */
  ZendeskRejected: 'zendesk_rejected',
  /** Zendesk kept answering 429/5xx, kept colliding (409) or could not be reached. */
  ZendeskUnavailable: 'zendesk_unavailable',
  /** A Zendesk body that is not a Zendesk shape at all. */
  ZendeskPayload: 'zendesk_payload',
  /**
   * The request may have reached the provider (a timeout or a reset after it was sent): before
   * another try, ask the provider whether it took it, so a customer never gets a message twice.
   */
  OutcomeUnknown: 'outcome_unknown',
  /** A start that cannot succeed as configured. */
  Startup: 'startup',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const RETRYABLE_CODES: ReadonlySet<ErrorCode> = new Set([
  ErrorCode.RetryLater,
  ErrorCode.ChannelUnavailable,
  ErrorCode.ZendeskUnavailable,
  ErrorCode.OutcomeUnknown,
]);

export interface CodedError extends Error {
  readonly code: ErrorCode;
  /** Follows from `code`; kept as a field so logs and tests show it. */
  readonly retryable: boolean;
  /** How long the next try must wait, when the provider (Retry-After) or we know it. */
  readonly retryAfterMs?: number | undefined;
}

abstract class CodedErrorBase extends Error implements CodedError {
  readonly retryable: boolean;
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.retryable = RETRYABLE_CODES.has(code);
  }
}

export function isCodedError(error: unknown): error is CodedError {
  return error instanceof CodedErrorBase;
}

/**
 * True for coded errors whose code says retrying cannot help. Anything else (a plain Error,
 * a driver's network error) is worth another try: an unknown failure is more often passing.
 */
export function isPermanentError(error: unknown): boolean {
  return isCodedError(error) && !RETRYABLE_CODES.has(error.code);
}

/** The wait a retryable coded error asks for; undefined means "use our own backoff". */
export function retryAfterMsOf(error: unknown): number | undefined {
  return isCodedError(error) && error.retryable ? error.retryAfterMs : undefined;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A failure that must not be retried. */
export class PermanentError extends CodedErrorBase {
  constructor(message: string) {
    super(ErrorCode.Permanent, message);
    this.name = 'PermanentError';
  }
}

/**
 * "Not yet": a send that must wait (quiet hours, a root message not posted yet), not a
 * failure of the provider. The outbox tries it again after `retryAfterMs`.
 */
export class RetryLater extends CodedErrorBase {
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(ErrorCode.RetryLater, message);
    this.name = 'RetryLater';
  }
}

/** A call whose request went out but whose answer never came: reconcile before retrying. */
export class OutcomeUnknownError extends CodedErrorBase {
  constructor(message: string, options?: { cause?: unknown }) {
    super(ErrorCode.OutcomeUnknown, message, options);
    this.name = 'OutcomeUnknownError';
  }
}

/** True when the error says "not yet" rather than "failed": such waits do not use up the retry budget. */
export function isWaitNotFailure(error: unknown): boolean {
  return isCodedError(error) && error.code === ErrorCode.RetryLater;
}

/**
 * A survey or alert send that failed. `permanent` stops retries, `optedOut` marks the number
 * opted out (Twilio 21610); `details.code` is the provider's own code, kept for the record.
 */
export class ChannelSendError extends CodedErrorBase {
  readonly retryAfterMs: number | undefined;
  constructor(
    message: string,
    readonly details: { permanent: boolean; optedOut?: boolean; code?: string | number | null; retryAfterMs?: number },
  ) {
    super(details.permanent ? ErrorCode.ChannelRejected : ErrorCode.ChannelUnavailable, message);
    this.name = 'ChannelSendError';
    this.retryAfterMs = details.retryAfterMs;
  }
}

/** A final answer from Zendesk: a 4xx other than 429 (not retryable), or retries exhausted (retryable). */
export class ZendeskApiError extends CodedErrorBase {
  constructor(
    message: string,
    readonly status: number | null,
    retryable: boolean,
    /** What Zendesk's last `Retry-After` asked for; the outbox waits that long before its next try. */
    readonly retryAfterMs?: number,
  ) {
    super(retryable ? ErrorCode.ZendeskUnavailable : ErrorCode.ZendeskRejected, message);
    this.name = 'ZendeskApiError';
  }
}

/** A body that is not a Zendesk shape at all; the webhook answers 400, the worker gives up on it. */
export class ZendeskPayloadError extends CodedErrorBase {
  constructor(message: string) {
    super(ErrorCode.ZendeskPayload, message);
    this.name = 'ZendeskPayloadError';
  }
}

/**
 * A start that cannot succeed as configured (port in use, database not writable or too
 * new). The CLI prints `message` as one line and exits non-zero: it names the variable
 * to change, so no stack trace is needed.
 */
export class StartupError extends CodedErrorBase {
  constructor(
    /** The setting to change, e.g. `DATABASE_URL` or `PORT`. */
    readonly variable: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(ErrorCode.Startup, message, options);
    this.name = 'StartupError';
  }
}
