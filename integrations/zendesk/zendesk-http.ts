import nodeZendesk from 'node-zendesk';
import { transportWithDeadline } from './transport-with-deadline.js';
import { UNLIMITED_BUDGET, type RequestBudget } from './request-budget.js';
import {
  OPEN_GATE,
  requestOnce,
  type CallContext,
  type RateLimitGate,
  type ZendeskLogger,
  type ZendeskResponse,
} from './request-once.js';

export interface ZendeskClientOptions {
  /** `https://<subdomain>.zendesk.com`, or any base URL that serves `/api/v2` (proxy, test double). */
  url: string;
  email: string;
  apiToken: string;
  logger?: ZendeskLogger;
  /** Connect and response deadline of each request, body included (UPSTREAM_TIMEOUT_SECONDS). */
  timeoutMs?: number;
  /** Holds every call after a 429 with Retry-After; share one per process (compose/integrations.ts). */
  gate?: RateLimitGate;
  /** Paces every call below the account's rate limit; share one per account. */
  budget?: RequestBudget;
  /** Called for each request that goes out (metrics). */
  onRequest?: (operation: string) => void;
  now?: () => number;
}

/** The transport as the client and the groups reader see it: one call, URLs on the configured base. */
export interface ZendeskHttp {
  call(method: 'GET' | 'PUT', url: string, context: CallContext, body?: object): Promise<ZendeskResponse>;
  /** `${base}/api/v2/${path}.json` with the query. */
  endpoint(path: string, query?: Record<string, string | number>): string;
  /** Next links carry Zendesk's own host; this maps them onto the configured base URL. */
  rebase(link: string): string;
}

/** UPSTREAM_TIMEOUT_SECONDS' default, for clients built outside compose/. */
const DEFAULT_TIMEOUT_MS = 15_000;

export const SILENT_ZENDESK_LOGGER: ZendeskLogger = { debug: () => undefined, warn: () => undefined };

/**
 * Zendesk requests over node-zendesk, which does authentication (email/token basic auth),
 * headers and JSON; the transport is ours (transportWithDeadline, the SDK's transportConfig).
 * Its high-level methods are a poor fit: their errors drop the HTTP status and headers (so
 * no Retry-After), a 429 that carries Retry-After is *returned* rather than thrown, 502/504
 * pass as successes, and GETs on some paths (incremental/tickets/*) get an unasked-for
 * `page[size]=100`. So every call goes through the SDK's `_rawRequest`, which returns
 * status, headers and parsed JSON untouched, with full URLs (node-zendesk passes a URL that
 * already contains its endpointUri through verbatim), and is classified by requestOnce.
 */
export function createZendeskHttp(options: ZendeskClientOptions): ZendeskHttp {
  const base = options.url.replace(/\/+$/, '');
  const apiRoot = `${base}/api/v2`;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const sdk = nodeZendesk.createClient({
    username: options.email,
    token: options.apiToken,
    endpointUri: apiRoot,
    transportConfig: transportWithDeadline(timeoutMs),
  });
  const transport = sdk.tickets; // any core sub-client: _rawRequest only needs the shared options
  const logger = options.logger ?? SILENT_ZENDESK_LOGGER;
  const once = {
    timeoutMs,
    gate: options.gate ?? OPEN_GATE,
    budget: options.budget ?? UNLIMITED_BUDGET,
    logger,
    now: options.now ?? Date.now,
    ...(options.onRequest ? { onRequest: options.onRequest } : {}),
  };

  return {
    async call(method, url, context, body) {
      logger.debug({ ...context, method, path: new URL(url).pathname }, 'zendesk request');
      return requestOnce(
        async () => {
          const { response, result } = await transport._rawRequest(method, url, ...(body ? [body] : []));
          return { status: response.status as number, headers: response.headers, body: result };
        },
        context,
        { ...once, method },
      );
    },

    endpoint(path, query = {}) {
      const search = new URLSearchParams(
        Object.entries(query).map(([key, value]): [string, string] => [key, String(value)]),
      );
      return `${apiRoot}/${path}.json${search.size > 0 ? `?${search}` : ''}`;
    },

    rebase(link) {
      const next = new URL(link, base);
      const at = next.pathname.indexOf('/api/v2/');
      return `${base}${at >= 0 ? next.pathname.slice(at) : next.pathname}${next.search}`;
    },
  };
}
