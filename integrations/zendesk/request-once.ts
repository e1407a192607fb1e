import { setTimeout as sleep } from 'node:timers/promises';
import { OutcomeUnknownError, RetryLater, ZendeskApiError } from '../../src/ports/errors.js';
import { HttpTransportError } from '../http/keep-alive-http.js';
import { retryAfterMs } from '../http/retry-after.js';
import type { RequestBudget } from './request-budget.js';

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

/**
 * Shared by every Zendesk call in the process (compose/integrations.ts builds one): after a
 * 429 with Retry-After, calls wait it out here instead of asking Zendesk again.
 */
export interface RateLimitGate {
  /** How long calls must still wait, in ms; 0 when Zendesk may be called. */
  remainingMs(): number;
  /** Holds every call for `ms` from now. */
  holdFor(ms: number): void;
}

/** For a client built without a gate (tests, scripts): a 429 still throws RetryLater, later calls are not held. */
export const OPEN_GATE: RateLimitGate = { remainingMs: () => 0, holdFor: () => undefined };

/** Names the call in logs and errors; ids only, never credentials or bodies. */
export interface CallContext {
  operation: string;
  ticketId?: number;
  userId?: number;
  /** 1-based page of a paginated listing. */
  page?: number;
}

export interface RequestOnceOptions {
  /** GET reads can simply be tried again; a PUT that got no answer may have been applied. */
  method: 'GET' | 'PUT';
  timeoutMs: number;
  gate: RateLimitGate;
  /** The account's request budget; every call takes a slot before it goes out. */
  budget: RequestBudget;
  logger: ZendeskLogger;
  now: () => number;
  /** Called for each request that goes out (metrics). */
  onRequest?: (operation: string) => void;
}

/**
 * Sends once, in its turn of the request budget (a short pause at most; a longer wait is a
 * RetryLater, so the row is rescheduled). Retrying is the queue workers' job: they reschedule the row, so no worker
 * sleeps here while every other ticket waits. 2xx and 404 are returned (whether 404 means
 * "null" is the caller's call). 429 with Retry-After: RetryLater for that long, and the gate
 * holds every other Zendesk call as long. 429 without it, 5xx and network errors: a
 * retryable ZendeskApiError (with a 503's Retry-After). Any other 4xx is final.
 */
export async function requestOnce(
  send: () => Promise<ZendeskResponse>,
  context: CallContext,
  options: RequestOnceOptions,
): Promise<ZendeskResponse> {
  const held = options.gate.remainingMs();
  if (held > 0)
    throw new RetryLater(
      `${context.operation}: Zendesk rate limit, waiting ${held} ms more before calling it again`,
      held,
    );

  const slot = await options.budget.take();
  if (slot < 0)
    throw new RetryLater(
      `${context.operation}: the Zendesk request budget (${options.budget.perMinute} a minute, ZENDESK_REQUESTS_PER_MINUTE) is spent; next slot in ${-slot} ms`,
      -slot,
    );
  if (slot > 0) await sleep(slot);
  options.onRequest?.(context.operation);

  let response: ZendeskResponse;
  try {
    response = await send();
  } catch (error) {
    throw transportFailure(error, context, options);
  }

  const { status } = response;
  if ((status >= 200 && status < 300) || status === 404) return response;
  const asked = retryAfterMs(response.headers.get('retry-after'), options.now());
  if (status === 429 && asked !== undefined) {
    options.gate.holdFor(asked);
    options.logger.warn({ ...context, status, retryAfterMs: asked }, 'zendesk rate limit: holding every Zendesk call');
    throw new RetryLater(`${context.operation}: Zendesk answered 429; try again in ${asked} ms`, asked);
  }
  if (status === 429 || status >= 500) {
    throw new ZendeskApiError(`${context.operation}: Zendesk answered ${status}`, status, true, asked);
  }
  throw new ZendeskApiError(
    `${context.operation}: Zendesk answered ${status}${describeError(status, response.body)}`,
    status,
    false,
  );
}

/**
 * A timeout or a reset: a GET is retryable; a PUT may have been applied, so the queue must
 * look before it writes again (OutcomeUnknownError). A PUT that cannot have left (refused) is
 * an ordinary retryable failure. The transport's error carries only the
 * socket code and whether the deadline passed; nothing of the request (its token) is passed on.
 */
function transportFailure(error: unknown, context: CallContext, options: RequestOnceOptions): Error {
  const transport = error instanceof HttpTransportError ? error : null;
  const reason = transport?.timedOut
    ? `no answer from Zendesk within ${options.timeoutMs} ms`
    : `request failed (${transport?.code ?? (error instanceof Error ? error.message : String(error))})`;
  if (options.method === 'GET' || transport?.nothingSent) {
    return new ZendeskApiError(`${context.operation}: ${reason}`, null, true);
  }
  return new OutcomeUnknownError(`${context.operation}: ${reason}; Zendesk may have applied the update`);
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
