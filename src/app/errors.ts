/** True for errors that say retrying cannot help (a 4xx from a provider, a payload we cannot read). */
export function isPermanentError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { retryable?: unknown }).retryable === false;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A failure that must not be retried. */
export class PermanentError extends Error {
  readonly retryable = false;
  constructor(message: string) {
    super(message);
    this.name = 'PermanentError';
  }
}

/**
 * "Not yet": a send that must wait (quiet hours, a root message not posted yet), not a
 * failure of the provider. The outbox retries it after `retryAfterMs` (RetryAfterHint).
 */
export class RetryLater extends Error {
  readonly retryable = true;
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
    this.name = 'RetryLater';
  }
}
