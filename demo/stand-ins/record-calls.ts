import type { ErrorRequestHandler, RequestHandler } from 'express';
import { FaultControls } from './faults.js';

/** One request a stand-in answered, as the demo summary and the simulator read it. */
export interface RecordedCall {
  /** Real time the answer was sent. */
  at: Date;
  method: string;
  /** Path without the query string, e.g. `/api/v2/tickets/501.json`. */
  path: string;
  /** Query parameters as sent (`page`, `page[size]`, ...). */
  query: Record<string, string>;
  /** The request body as parsed (JSON or form fields), or null; never credentials. */
  body: unknown;
  /** 0 when no answer was sent: the connection was reset or closed first (a fault, or the client gave up). */
  status: number;
}

export type CallListener = (call: RecordedCall) => void;

/**
 * What every stand-in's state has: the log of calls and a hook that sees each call once its
 * answer is sent (the simulator counts progress with it; tests use it to interleave a change
 * between two requests of a client).
 */
export class CallLog {
  readonly calls: RecordedCall[] = [];
  /** The delay and the faults a test turns on (faults.ts); off by default. */
  readonly faults = new FaultControls();
  private readonly callListeners = new Set<CallListener>();

  /** Calls `listener` after every answered request; returns a function that stops it. */
  onCall(listener: CallListener): () => void {
    this.callListeners.add(listener);
    return () => void this.callListeners.delete(listener);
  }

  /** Calls whose path is `path` (and, when given, whose method is `method`). */
  callsTo(path: string | RegExp, method?: string): RecordedCall[] {
    return this.calls.filter(
      (call) =>
        (typeof path === 'string' ? call.path === path : path.test(call.path)) &&
        (!method || call.method === method.toUpperCase()),
    );
  }

  record(call: RecordedCall): void {
    this.calls.push(call);
    // A failing listener is the simulator's bug; it must not break the stand-in's answer.
    for (const listener of this.callListeners) {
      try {
        listener(call);
      } catch {
        /* ignored on purpose: the stand-ins log nothing */
      }
    }
  }
}

/**
 * Express middleware that records each request into `log` when its answer has been sent.
 * `omitKeys` are body fields never kept (Slack accepts the token as a `token` form field).
 */
export function recordCalls(log: CallLog, omitKeys: readonly string[] = []): RequestHandler {
  return (req, res, next) => {
    let recorded = false;
    const record = (answered: boolean) => {
      if (recorded) return;
      recorded = true;
      const url = new URL(req.originalUrl, 'http://stand-in.invalid');
      log.record({
        at: new Date(),
        method: req.method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        body: withoutKeys(req.body, omitKeys),
        status: answered ? res.statusCode : 0,
      });
    };
    res.on('finish', () => record(true));
    // A connection that closes before the answer was sent (a reset or hang fault, a client
    // that timed out or died) is recorded too, without a status.
    res.on('close', () => record(res.writableFinished));
    next();
  };
}

function withoutKeys(body: unknown, keys: readonly string[]): unknown {
  if (body === undefined) return null;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  return Object.fromEntries(Object.entries(body).filter(([key]) => !keys.includes(key)));
}

/**
 * An error handler that answers in the provider's own error shape and prints nothing
 * (Express's default handler writes stack traces to stderr, which would break the demo's
 * progress bar). `answer` picks status and body from the error.
 */
export function quietErrors(answer: (status: number) => { status: number; body: unknown }): ErrorRequestHandler {
  return (error: unknown, _req, res, _next) => {
    const status =
      typeof (error as { status?: unknown }).status === 'number' ? (error as { status: number }).status : 500;
    const { status: sent, body } = answer(status);
    res.status(sent).json(body);
  };
}

/** `user:password` of an `Authorization: Basic ...` header; null when absent or malformed. */
export function readBasicAuth(header: string | undefined): { user: string; password: string } | null {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
