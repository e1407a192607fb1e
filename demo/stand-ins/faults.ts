import type { Request, RequestHandler, Response } from 'express';

/**
 * What a provider does wrong, as the service must survive it:
 * - `hang`: takes the request and never answers (the client's deadline must end it);
 * - `reset`: closes the connection without an answer;
 * - `status`: answers an error status (500, 503) in the provider's own error body;
 * - `rate-limit`: answers 429 with `Retry-After` (seconds), in the provider's own body.
 */
export type Fault =
  | { kind: 'hang' }
  | { kind: 'reset' }
  | { kind: 'status'; status: number }
  | { kind: 'rate-limit'; retryAfterSeconds: number };

export interface FaultRule {
  fault: Fault;
  /**
   * `before` (default): the request is not applied. `after` (hang and reset only): it is
   * applied and its answer lost, the case a sender cannot tell from `before` and must
   * reconcile (an SMS Twilio took, a ticket update Zendesk made).
   */
  phase?: 'before' | 'after';
  /** Only requests this picks; every request when absent. */
  match?: (request: FaultRequest) => boolean;
  /** How many requests it hits before it turns itself off; no limit when absent. */
  times?: number;
}

/** What a rule may pick a request by: the body is parsed already (JSON or form fields). */
export interface FaultRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
}

/** The provider's error body for a status (Twilio's code/message, Zendesk's error/description, Slack's ok: false). */
export type ErrorBody = (status: number) => unknown;

interface ActiveRule extends FaultRule {
  left: number;
}

/**
 * Per stand-in switches a test flips while the service runs: a fixed delay before every
 * answer, and faults that stay on until cleared (or until `times` requests were hit).
 */
export class FaultControls {
  /** Added before every request is handled, faulted or not (a provider 200 ms away). */
  delayMs = 0;
  /** Requests a fault was applied to, by kind. */
  readonly hits: Record<Fault['kind'], number> = { hang: 0, reset: 0, status: 0, 'rate-limit': 0 };
  private rules: ActiveRule[] = [];

  /** Turns a fault on; returns the function that turns it off again. */
  inject(rule: FaultRule): () => void {
    if (rule.phase === 'after' && (rule.fault.kind === 'status' || rule.fault.kind === 'rate-limit')) {
      throw new Error(
        'an error status after the request was applied is not a fault a provider makes; use hang or reset',
      );
    }
    const active: ActiveRule = { ...rule, left: rule.times ?? Number.POSITIVE_INFINITY };
    this.rules.push(active);
    return () => {
      this.rules = this.rules.filter((r) => r !== active);
    };
  }

  /** Every fault off (the delay stays). */
  clear(): void {
    this.rules = [];
  }

  /** The first rule that picks this request, counted as used; null when none does. */
  take(request: FaultRequest): ActiveRule | null {
    const rule = this.rules.find((r) => r.left > 0 && (!r.match || r.match(request)));
    if (!rule) return null;
    rule.left -= 1;
    if (rule.left <= 0) this.rules = this.rules.filter((r) => r !== rule);
    this.hits[rule.fault.kind] += 1;
    return rule;
  }
}

/**
 * Express middleware, mounted after the body parsers: the body is read in full before the
 * delay, so a request whose client dies while it waits is still applied, as a provider
 * applies a request it received whole. Faults come before authentication, as a load
 * balancer's 503 or a gateway's 429 would.
 */
export function injectFaults(controls: FaultControls, errorBody: ErrorBody): RequestHandler {
  return (req, res, next) => {
    const proceed = () => {
      const query = Object.fromEntries(new URL(req.originalUrl, 'http://stand-in.invalid').searchParams);
      const rule = controls.take({ method: req.method, path: req.path, query, body: req.body });
      if (!rule) return next();
      if (rule.phase === 'after') {
        loseAnswer(req, res, rule.fault.kind === 'reset' ? 'reset' : 'hang');
        return next();
      }
      applyBefore(req, res, rule.fault, errorBody);
    };
    if (controls.delayMs > 0) setTimeout(proceed, controls.delayMs);
    else proceed();
  };
}

function applyBefore(req: Request, res: Response, fault: Fault, errorBody: ErrorBody): void {
  switch (fault.kind) {
    case 'hang':
      return; // the socket stays open until the client gives up (or the stand-in stops)
    case 'reset':
      req.socket.destroy();
      return;
    case 'status':
      res.status(fault.status).json(errorBody(fault.status));
      return;
    case 'rate-limit':
      res.status(429).set('Retry-After', String(fault.retryAfterSeconds)).json(errorBody(429));
      return;
  }
}

/** The handler runs and changes the state; its answer never reaches the client. */
function loseAnswer(req: Request, res: Response, how: 'reset' | 'hang'): void {
  res.end = ((..._args: unknown[]) => {
    if (how === 'reset') req.socket.destroy();
    return res;
  }) as Response['end'];
}
