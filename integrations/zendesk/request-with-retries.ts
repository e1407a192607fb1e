import { backoffDelayMs } from '../../src/domain/backoff.js';
import { ZendeskApiError } from '../../src/ports/errors.js';

/** What one HTTP exchange with Zendesk produced, whatever library carried it. */
export interface ZendeskResponse {
  status: number;
  headers: { get(name: string): string | null | undefined };
  body: unknown;
}

/** The logging surface we use; a pino logger satisfies it. */
export interface ZendeskLogger {
  debug(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface RetryPolicy {
  maxAttempts: number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  logger: ZendeskLogger;
  now: () => number;
}

/** Names the call in logs and errors; ids only, never credentials or bodies. */
export interface CallContext {
  operation: string;
  ticketId?: number;
  userId?: number;
  /** 1-based page of a paginated listing. */
  page?: number;
}

export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_CAP_MS = 60_000;

/**
 * Sends until Zendesk gives a final answer. 429: wait what `Retry-After` says (Zendesk
 * documents seconds). 5xx and network errors: exponential backoff with full jitter, unless
 * a 503 also carries Retry-After. Returns 2xx and 404 responses (whether 404 means "null"
 * is the caller's call); any other 4xx is final and thrown as non-retryable.
 */
export async function requestWithRetries(
  send: () => Promise<ZendeskResponse>,
  context: CallContext,
  policy: RetryPolicy,
): Promise<ZendeskResponse> {
  for (let attempt = 1; ; attempt += 1) {
    let response: ZendeskResponse;
    try {
      response = await send();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (attempt >= policy.maxAttempts) {
        throw new ZendeskApiError(`${context.operation}: network error after ${attempt} attempts: ${reason}`, null, true);
      }
      await pause(policy, context, attempt, null, fullJitter(attempt, policy.random), reason);
      continue;
    }

    const { status } = response;
    if ((status >= 200 && status < 300) || status === 404) return response;
    if (status !== 429 && status < 500) {
      throw new ZendeskApiError(`${context.operation}: Zendesk answered ${status}${describeError(status, response.body)}`, status, false);
    }
    const asked = retryAfterMs(response.headers.get('retry-after'), policy.now());
    if (attempt >= policy.maxAttempts) {
      throw new ZendeskApiError(`${context.operation}: Zendesk answered ${status} ${attempt} times; giving up`, status, true, asked ?? undefined);
    }
    const delay = asked ?? fullJitter(attempt, policy.random);
    await pause(policy, context, attempt, status, delay, null);
  }
}

/** Full jitter: uniform in [0, min(cap, base * 2^(attempt-1))), the policy every retry in Effortless uses. */
export function fullJitter(attempt: number, random: () => number): number {
  return backoffDelayMs(attempt, { baseMs: BACKOFF_BASE_MS, capMs: BACKOFF_CAP_MS }, random);
}

/** `Retry-After` is delta-seconds (what Zendesk sends) or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(header: string | null | undefined, now: number): number | null {
  if (!header) return null;
  const text = header.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.ceil(Number(text) * 1000);
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

async function pause(
  policy: RetryPolicy,
  context: CallContext,
  attempt: number,
  status: number | null,
  delayMs: number,
  networkError: string | null,
): Promise<void> {
  policy.logger.warn(
    { ...context, attempt, maxAttempts: policy.maxAttempts, status, delayMs, ...(networkError ? { networkError } : {}) },
    'zendesk request failed; retrying',
  );
  await policy.sleep(delayMs);
}

/** Zendesk errors look like `{"error":"RecordNotFound","description":"Not found"}` or `{"error":{"title","message"}}`. */
function describeError(status: number, body: unknown): string {
  const hint =
    status === 401 || status === 403
      ? ' (check ZENDESK_EMAIL and ZENDESK_API_TOKEN, and that the token belongs to an agent who may do this)'
      : '';
  if (!body || typeof body !== 'object') return hint;
  const { error, description } = body as { error?: unknown; description?: unknown };
  const parts =
    error && typeof error === 'object'
      ? [(error as { title?: unknown }).title, (error as { message?: unknown }).message]
      : [error, description];
  const text = parts.filter((part): part is string => typeof part === 'string' && part !== '').join(': ');
  return `${text ? `: ${text}` : ''}${hint}`;
}
