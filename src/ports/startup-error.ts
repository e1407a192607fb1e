/**
 * A start that cannot succeed as configured (port in use, database not writable or too
 * new). The CLI prints `message` as one line and exits non-zero: it names the variable
 * to change, so no stack trace is needed.
 */
export class StartupError extends Error {
  readonly code = 'startup' as const;
  constructor(
    /** The setting to change, e.g. `DATABASE_URL` or `PORT`. */
    readonly variable: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StartupError';
  }
}
