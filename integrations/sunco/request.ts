import { ChannelSendError, OutcomeUnknownError, RetryLater } from '../../src/ports/errors.js';
import {
  HttpTransportError,
  headerOf,
  isSuccess,
  type HttpAnswer,
  type KeepAliveHttp,
} from '../http/keep-alive-http.js';
import { retryAfterMs } from '../http/retry-after.js';

export const DEFAULT_SUNCO_API_URL = 'https://api.smooch.io';

/** Where every Conversations call in the process waits after a 429 with Retry-After (compose/integrations.ts). */
export interface RateLimitGate {
  remainingMs(): number;
  holdFor(ms: number): void;
}

export interface SuncoRequestOptions {
  /** SUNCO_API_URL: `https://api.smooch.io`, or the account's `https://{subdomain}.zendesk.com/sc`. */
  apiUrl: string;
  appId: string;
  keyId: string;
  keySecret: string;
  /** Deadline of each request, body included (UPSTREAM_TIMEOUT_SECONDS). */
  timeoutMs: number;
  gate: RateLimitGate;
  now: () => number;
  /** The keep-alive client every call of one sender goes through. */
  http: KeepAliveHttp;
}

export type SuncoFailure = ChannelSendError | RetryLater | OutcomeUnknownError;

/**
 * One call to `{apiUrl}/v2/apps/{appId}{path}` with the API key as Basic auth (the key id as
 * user, the secret as password), through the keep-alive client with a deadline over the whole answer. Resolves
 * with the parsed JSON of a 2xx; throws a coded error otherwise, classified like Twilio's: 429
 * with Retry-After waits (and holds the gate), 408/429/5xx are retried, other 4xx are final.
 * A timeout or a reset after the request left may have posted the message: `unsafe` calls
 * (posts) then throw OutcomeUnknownError, so the outbox looks before posting again.
 */
export async function suncoRequest(
  options: SuncoRequestOptions,
  request: { method: 'GET' | 'POST'; path: string; body?: unknown; what: string },
): Promise<unknown> {
  const held = options.gate.remainingMs();
  if (held > 0) throw new RetryLater(`Sunshine Conversations rate limit: waiting ${held} ms more`, held);
  const url = `${options.apiUrl}/v2/apps/${encodeURIComponent(options.appId)}${request.path}`;
  const auth = Buffer.from(`${options.keyId}:${options.keySecret}`).toString('base64');
  let response: HttpAnswer;
  try {
    response = await options.http.request(url, {
      method: request.method,
      headers: {
        authorization: `Basic ${auth}`,
        accept: 'application/json',
        ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      timeoutMs: options.timeoutMs,
    });
  } catch (error) {
    throw transportFailure(error, request, options.timeoutMs);
  }
  if (isSuccess(response)) return response.text === '' ? null : JSON.parse(response.text);
  throw httpFailure(response, request.what, options);
}

function transportFailure(error: unknown, request: { method: string; what: string }, timeoutMs: number): SuncoFailure {
  const failure = error instanceof HttpTransportError ? error : new HttpTransportError(null, false);
  const { code, timedOut } = failure;
  if (request.method === 'GET' || failure.nothingSent)
    return new ChannelSendError(
      `Sunshine Conversations ${request.what}: no answer (${code ?? (timedOut ? 'timeout' : 'network')})`,
      {
        permanent: false,
        code,
      },
    );
  const what = timedOut ? `no answer within ${timeoutMs} ms` : `connection lost (${code ?? 'no code'})`;
  return new OutcomeUnknownError(`Sunshine Conversations ${request.what}: ${what}; it may have been posted`);
}

function httpFailure(response: HttpAnswer, what: string, options: SuncoRequestOptions): SuncoFailure {
  const status = response.status;
  const code = errorCode(response.text);
  const message = `Sunshine Conversations ${what}: HTTP ${status}${code ? ` ${code}` : ''}`;
  const asked = retryAfterMs(headerOf(response, 'retry-after'), options.now());
  if (status === 429 && asked !== undefined) {
    options.gate.holdFor(asked);
    return new RetryLater(message, asked);
  }
  const retryable = status === 408 || status === 429 || status >= 500;
  return new ChannelSendError(message, {
    permanent: !retryable,
    code,
    ...(retryable && asked !== undefined ? { retryAfterMs: asked } : {}),
  });
}

/** The documented error body: `{ "errors": [{ "code": "unauthorized", "title": "..." }] }`; only the code is kept. */
function errorCode(text: string): string | null {
  try {
    const code = (JSON.parse(text) as { errors?: Array<{ code?: unknown }> }).errors?.[0]?.code;
    return typeof code === 'string' ? code : null;
  } catch {
    return null;
  }
}
