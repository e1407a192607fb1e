import { headerOf, isSuccess, keepAliveHttp, type HttpAnswer, type KeepAliveHttp } from '../http/keep-alive-http.js';

/** What node-zendesk hands its transport: its own request options plus these (the token is among the rest). */
interface TransportInit {
  method: string;
  headers: Record<string, string>;
  body?: string;
}

/**
 * node-zendesk's `transportConfig`, its documented hook for replacing the transport: our
 * keep-alive HTTP client (integrations/http/keep-alive-http.ts) with a deadline of
 * `timeoutMs` per request. Without one a hung Zendesk holds the worker for good
 * (node-zendesk sets no timeout). The body is read inside the same deadline, so headers
 * followed by a stalled body are cut off too. A request that gets no answer rejects with an
 * HttpTransportError (its socket code, or `timedOut`), which request-once.ts classifies.
 */
export function transportWithDeadline(timeoutMs: number, http: KeepAliveHttp = keepAliveHttp()) {
  return {
    transportFn(uri: string, init: TransportInit): Promise<HttpAnswer> {
      return http.request(uri, { method: init.method, headers: init.headers, body: init.body, timeoutMs });
    },
    responseAdapter(answer: HttpAnswer) {
      return {
        status: answer.status,
        statusText: answer.statusText,
        headers: { get: (name: string) => headerOf(answer, name) },
        json: async () => parseBody(answer.text, isSuccess(answer)),
      };
    },
  };
}

/**
 * An error page that claims to be JSON (a proxy's 502) must not hide its status behind a
 * parse error; a 2xx that is not JSON is a real fault and is thrown.
 */
function parseBody(text: string, ok: boolean): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch (error) {
    if (ok) throw error;
    return null;
  }
}
