import { AsyncLocalStorage } from 'node:async_hooks';
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient.js';

export const DEFAULT_TWILIO_API_URL = 'https://api.twilio.com';

/** What one API call saw of the HTTP response; filled in by `RedirectingRequestClient`. */
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

/**
 * twilio-node 6 has no base-URL option: each domain hard-codes `https://api.twilio.com` and
 * the client only rewrites the host for TWILIO_EDGE/TWILIO_REGION, inside `*.twilio.com`. Its
 * documented extension point is a custom `httpClient` ("Custom HTTP Clients for the Twilio
 * Node Helper Library"), through which every request passes with its absolute `uri`. This
 * subclass swaps the origin of API URIs for TWILIO_API_URL (a path prefix is kept, so
 * `http://proxy/twilio` works), and otherwise leaves twilio's request building, auth header,
 * form encoding and error parsing untouched. With the default URL nothing is rewritten, so
 * edge/region settings keep working.
 */
export class RedirectingRequestClient extends twilio.RequestClient {
  private readonly apiBase: string | null;

  constructor(apiUrl: string | undefined, options: RequestClient.RequestClientOptions) {
    super(options);
    const base = (apiUrl ?? DEFAULT_TWILIO_API_URL).replace(/\/+$/, '');
    this.apiBase = base === DEFAULT_TWILIO_API_URL ? null : base;
  }

  override async request<TData>(opts: RequestClient.RequestOptions<TData>) {
    const response = await super.request({ ...opts, uri: this.redirect(opts.uri) });
    const slot = currentSlot.getStore();
    if (slot) {
      slot.statusCode = response.statusCode;
      slot.headers = response.headers as Record<string, unknown>;
    }
    return response;
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

/** `Retry-After` is either delay-seconds or an HTTP-date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: unknown, nowMs: number): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (typeof raw !== 'string' && typeof raw !== 'number') return undefined;
  const text = String(raw).trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
