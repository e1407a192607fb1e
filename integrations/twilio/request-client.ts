import { AsyncLocalStorage } from 'node:async_hooks';
import type RequestClient from 'twilio/lib/base/RequestClient.js';
import { HttpTransportError, keepAliveHttp, type HttpAnswer, type KeepAliveHttp } from '../http/keep-alive-http.js';

export const DEFAULT_TWILIO_API_URL = 'https://api.twilio.com';

/** What twilio's RequestClient.request resolves with (twilio's http/response.js). */
type TwilioResponse<TData> = Awaited<ReturnType<RequestClient['request']>> & { body: TData };

/** What one API call saw of the HTTP response; filled in by `KeepAliveRequestClient`. */
export interface ResponseSlot {
  statusCode?: number;
  headers?: Record<string, unknown>;
}

// twilio's RestException keeps status, code and message but drops the response headers, and
// RequestClient.lastResponse is shared by every concurrent call on the client. A slot per
// send, carried by AsyncLocalStorage, gives each send the headers of its own response.
const currentSlot = new AsyncLocalStorage<ResponseSlot>();

/** Runs one API call with a fresh slot; the slot holds the last response that call received. */
export async function withResponseSlot<T>(
  call: () => Promise<T>,
): Promise<{ result: T; slot: ResponseSlot } | { error: unknown; slot: ResponseSlot }> {
  const slot: ResponseSlot = {};
  try {
    return { result: await currentSlot.run(slot, call), slot };
  } catch (error) {
    return { error, slot };
  }
}

/** A call that got no HTTP answer: the transport's error, under the name Twilio's callers know. */
export { HttpTransportError as TwilioTransportError };

/**
 * twilio-node's documented extension point for its transport is a custom `httpClient`
 * ("Custom HTTP Clients for the Twilio Node Helper Library"), through which every request
 * passes with its method, absolute `uri`, auth, headers, query `params` and form `data`.
 * This one sends them with our keep-alive HTTP client (integrations/http/keep-alive-http.ts),
 * for two reasons:
 * - Connections are kept alive without a `Connection: keep-alive` header; twilio's own axios
 *   client either sends that header (under which nock 14 never answers, nock issue #3001) or
 *   closes the connection after every SMS, a new TCP and TLS handshake per survey.
 * - TWILIO_API_URL: twilio-node 6 has no base-URL option (each domain hard-codes
 *   `https://api.twilio.com`, and edge/region only rewrite the host inside `*.twilio.com`),
 *   so the origin of API URIs is swapped here (a path prefix is kept, so
 *   `http://proxy/twilio` works). With the default URL nothing is rewritten.
 * twilio's request building (its headers, serialized params) and its error parsing (the body
 * is handed back as text, which twilio parses) stay twilio's. It is a plain class with
 * `request`, as in twilio's guide: extending twilio's RequestClient would build that client's
 * axios instance and agents, never to be used. Redirects are not followed: the Messages API
 * answers without them.
 */
class KeepAliveRequestClient {
  private readonly apiBase: string | null;

  constructor(
    apiUrl: string | undefined,
    private readonly timeoutMs: number,
    private readonly http: KeepAliveHttp = keepAliveHttp(),
  ) {
    const base = (apiUrl ?? DEFAULT_TWILIO_API_URL).replace(/\/+$/, '');
    this.apiBase = base === DEFAULT_TWILIO_API_URL ? null : base;
  }

  async request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<TwilioResponse<TData>> {
    const url = new URL(this.redirect(opts.uri));
    if (opts.params) appendFormFields(url.searchParams, opts.params as Record<string, unknown>);
    const headers: Record<string, string> = { ...(opts.headers as Record<string, string> | undefined) };
    if (opts.username && opts.password)
      headers.Authorization = `Basic ${Buffer.from(`${opts.username}:${opts.password}`).toString('base64')}`;
    const form = opts.data && headers['Content-Type'] === 'application/x-www-form-urlencoded';
    let response: HttpAnswer;
    try {
      response = await this.http.request(url, {
        method: opts.method.toUpperCase(),
        headers,
        body: form
          ? appendFormFields(new URLSearchParams(), opts.data as Record<string, unknown>).toString()
          : undefined,
        // Over the whole answer, body included: headers followed by a stalled body are cut off too.
        timeoutMs: opts.timeout ?? this.timeoutMs,
      });
    } catch (error) {
      // The transport's own error (no URL, no headers: the Authorization header stays out of logs).
      if (error instanceof HttpTransportError) throw error;
      throw new HttpTransportError(null, false);
    }
    const answer: TwilioResponse<TData> = {
      statusCode: response.status,
      body: response.text as TData,
      headers: response.headers,
      toString: () => `HTTP ${response.status}`,
    };
    const slot = currentSlot.getStore();
    if (slot) {
      slot.statusCode = answer.statusCode;
      slot.headers = answer.headers;
    }
    return answer;
  }

  private redirect(uri: string): string {
    if (!this.apiBase) return uri;
    const url = new URL(uri);
    // api.twilio.com plus its edge/region forms (api.sydney.au1.twilio.com); other Twilio
    // products live on other hosts and are never called by this service.
    if (!/^api(\.[a-z0-9-]+)*\.twilio\.com$/.test(url.hostname)) return uri;
    return this.apiBase + url.pathname + url.search;
  }
}

/**
 * The client as twilio's `httpClient` option types it. twilio declares the option as its own
 * RequestClient class, whose private members no other class can match; what it calls is
 * `request` alone (lib/base/BaseTwilio.js in twilio 6: `this.httpClient?.request(...)`).
 */
export function twilioHttpClient(
  apiUrl: string | undefined,
  timeoutMs: number,
  http: KeepAliveHttp = keepAliveHttp(),
): RequestClient {
  return new KeepAliveRequestClient(apiUrl, timeoutMs, http) as unknown as RequestClient;
}

/** twilio's form and query encoding (qs with `arrayFormat: repeat`) for its flat fields: a list repeats its key. */
function appendFormFields(target: URLSearchParams, fields: Record<string, unknown>): URLSearchParams {
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined || value === null) continue;
    for (const each of Array.isArray(value) ? value : [value]) target.append(key, String(each));
  }
  return target;
}
