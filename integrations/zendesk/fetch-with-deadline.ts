/** What node-zendesk hands its transport: its own request options plus these (the token is among the rest). */
interface TransportInit {
  method: string;
  headers: Record<string, string>;
  body?: string;
}

/** A response whose body was read before the deadline passed. */
interface ReadResponse {
  response: Response;
  text: string;
}

/**
 * node-zendesk's `transportConfig`, its documented hook for replacing the transport: Node's
 * own fetch with `AbortSignal.timeout(timeoutMs)` per request. Without it a hung Zendesk
 * holds the worker for good (node-zendesk sets no timeout). The body is read inside the same
 * deadline, so headers followed by a stalled body are cut off too.
 *
 * Node's fetch rather than the SDK's cross-fetch (node-fetch 2): on the deadline it rejects
 * with a DOMException named `TimeoutError`, where node-fetch says only `AbortError`, and a
 * socket failure carries its code on `cause` (ECONNREFUSED: nothing was sent).
 */
export function fetchWithDeadline(timeoutMs: number) {
  return {
    async transportFn(uri: string, init: TransportInit): Promise<ReadResponse> {
      const signal = AbortSignal.timeout(timeoutMs);
      const response = await fetch(uri, { method: init.method, headers: init.headers, body: init.body, signal });
      return { response, text: await response.text() };
    },
    responseAdapter({ response, text }: ReadResponse) {
      return {
        status: response.status,
        statusText: response.statusText,
        headers: { get: (name: string) => response.headers.get(name) },
        json: async () => parseBody(text, response.ok),
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
