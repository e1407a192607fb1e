import http from 'node:http';
import https from 'node:https';

/** One HTTP exchange as the providers' clients read it: the body is read whole, as text. */
export interface HttpAnswer {
  status: number;
  statusText: string;
  /** Lower-case names, as Node gives them; a repeated header is a list. */
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** A 2xx answer (fetch's `Response.ok`). */
export function isSuccess(answer: HttpAnswer): boolean {
  return answer.status >= 200 && answer.status < 300;
}

/** One header's value by any spelling of its name; a repeated header's values joined as HTTP joins them. */
export function headerOf(answer: HttpAnswer, name: string): string | null {
  const value = answer.headers[name.toLowerCase()];
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}

export interface HttpRequest {
  method: string;
  headers: Record<string, string>;
  body?: string | undefined;
  /** The deadline over the whole exchange, the body's last byte included. */
  timeoutMs: number;
}

/** Socket failures before a connection existed: nothing reached the provider. */
const NOTHING_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

/**
 * A request that got no HTTP answer. It carries nothing of the request (no URL, no headers:
 * an Authorization header must never reach a log): the socket error's code, and whether the
 * deadline passed.
 */
export class HttpTransportError extends Error {
  override readonly name = 'HttpTransportError';

  constructor(
    readonly code: string | null,
    readonly timedOut: boolean,
  ) {
    super(timedOut ? 'no answer before the deadline' : `no answer (${code ?? 'network error'})`);
  }

  /**
   * True when the request cannot have reached the provider (refused, no such host): even a
   * write is then simply tried again. A timeout or a reset may have come after the provider
   * acted; the deadline cannot tell a slow connect from a lost answer, so it never counts.
   */
  get nothingSent(): boolean {
    return !this.timedOut && this.code !== null && NOTHING_SENT_CODES.has(this.code);
  }
}

/**
 * The providers' HTTP client: Node's own http/https requests through agents that keep
 * connections alive, so a survey SMS or a ticket read reuses an open TLS connection instead
 * of a handshake each.
 *
 * Why not Node's fetch, which kept connections alive too: it costs about 300 µs of CPU a
 * request against 75 µs for http.request on the same keep-alive connection (measured on this
 * repository's 2-core machine, loopback, small JSON answers); with three calls per solved
 * ticket that was about a quarter of the worker's CPU in the processing bench. Why not
 * undici's request API, cheaper still: nock 14, which the tests mock providers with,
 * intercepts http.request and fetch only. The agents add no `Connection: keep-alive` header
 * to the request options, under which nock 14 would never answer (nock issue #3001);
 * keep-alive is HTTP/1.1's default anyway.
 *
 * Answers are not asked to be compressed (no Accept-Encoding): the bodies are small JSON, and
 * inflating them would cost more CPU than the bytes saved on the wire. Redirects are answers,
 * not followed: none of the calls made gets one.
 */
export function keepAliveHttp(options: { maxSockets?: number } = {}) {
  // Idle connections are closed after 4 s (undici's default for fetch): a server that closes
  // an idle connection first can otherwise reset the next request sent on it.
  const agentOptions = { keepAlive: true, timeout: 4_000, maxSockets: options.maxSockets ?? 50 };
  const agents = { 'http:': new http.Agent(agentOptions), 'https:': new https.Agent(agentOptions) };

  return {
    request(url: URL | string, init: HttpRequest): Promise<HttpAnswer> {
      const target = typeof url === 'string' ? new URL(url) : url;
      const agent = target.protocol === 'https:' ? agents['https:'] : agents['http:'];
      const send = target.protocol === 'https:' ? https.request : http.request;
      const headers = withoutHopByHop(init.headers);
      if (init.body !== undefined) headers['content-length'] = String(Buffer.byteLength(init.body));
      return new Promise<HttpAnswer>((resolve, reject) => {
        let settled = false;
        const settle = (outcome: () => void) => {
          if (settled) return;
          settled = true;
          clearTimeout(deadline);
          outcome();
        };
        const request = send(target, { method: init.method, headers, agent }, (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', (error) => settle(() => reject(transportError(error))));
          response.on('end', () =>
            settle(() =>
              resolve({
                status: response.statusCode ?? 0,
                statusText: response.statusMessage ?? '',
                headers: response.headers,
                text: Buffer.concat(chunks).toString('utf8'),
              }),
            ),
          );
        });
        const deadline = setTimeout(() => {
          settle(() => reject(new HttpTransportError(null, true)));
          // The connection may hold a half-read answer: it is not given back to the pool.
          request.destroy();
        }, init.timeoutMs);
        request.on('error', (error) => settle(() => reject(transportError(error))));
        request.end(init.body);
      });
    },
    /** Closes the kept connections (at shutdown). */
    close() {
      for (const agent of Object.values(agents)) agent.destroy();
    },
  };
}

export type KeepAliveHttp = ReturnType<typeof keepAliveHttp>;

/**
 * Connection handling is the transport's: a caller's `Connection` header (twilio-node sets
 * `close` unless its own keep-alive is on) would undo the pool, or (`keep-alive`) make nock 14
 * hang. fetch drops these forbidden headers the same way.
 */
function withoutHopByHop(headers: Record<string, string>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (lower !== 'connection' && lower !== 'keep-alive') kept[name] = value;
  }
  return kept;
}

/** A socket error's code; both addresses of a dual-stack host refused is an AggregateError whose parts carry it. */
function transportError(error: unknown): HttpTransportError {
  const failure = error as { code?: unknown; errors?: Array<{ code?: unknown }> } | null;
  const code = failure?.code ?? failure?.errors?.[0]?.code;
  return new HttpTransportError(typeof code === 'string' ? code : null, false);
}
