import express, { type Request, type RequestHandler, type Response } from 'express';
import { injectFaults } from './faults.js';
import { quietErrors, readBasicAuth, recordCalls } from './record-calls.js';
import { pageOf, readPageRequest } from './zendesk-paging.js';
import { auditJson, ticketJson, userJson } from './zendesk-shapes.js';
import { ZendeskState, type ZendeskStandInOptions } from './zendesk-state.js';

export { ZendeskState, type ApiUpdateOutcome, type BotUpdate, type ZendeskStandInOptions } from './zendesk-state.js';
export type { StandInAudit, StandInAuditEvent, StandInTicket, StandInUser, StandInVia } from './zendesk-shapes.js';

/**
 * A local Zendesk Support API for the demo, serving what integrations/zendesk/client.ts
 * calls (docs/contract.md, "Upstream calls"):
 *
 * - GET  /api/v2/tickets/{id}.json         `include=users` sideloads requester, submitter, assignee
 * - GET  /api/v2/tickets/{id}/audits.json   offset pages by default, cursor pages with page[size];
 *                                           `include=users` sideloads the audits' authors
 * - GET  /api/v2/users/{id}.json, GET /api/v2/users/me.json
 * - PUT  /api/v2/tickets/{id}.json          custom_fields, tags, comment, metadata; safe_update → 409; closed → 422
 *
 * The PUT's `metadata` comes back on the audit it made, as `metadata.custom`, which is how
 * the service recognises a write-back an earlier try already made. `state.faults` delays
 * answers and injects hangs, resets, 5xx and 429s with Retry-After (faults.ts).
 *
 * Every request needs `{email}/token:{apiToken}` basic auth (401 otherwise), except
 * users/me without any credentials, which answers Zendesk's anonymous user. Errors carry
 * Zendesk's bodies (`{"error":"RecordNotFound","description":"Not found"}`). The incremental
 * exports (backfill) are not served: they answer 404 InvalidEndpoint.
 */
export function createZendeskStandIn(options: ZendeskStandInOptions): { app: express.Express; state: ZendeskState } {
  const state = new ZendeskState(options);
  const app = express();
  app.disable('x-powered-by');
  app.use(recordCalls(state));
  app.use(express.json({ limit: '1mb' }));
  app.use(injectFaults(state.faults, zendeskFaultBody));
  app.use(authenticate(state));

  app.get(/^\/api\/v2\/tickets\/(\d+)\.json$/, (req, res) => {
    const ticket = state.ticket(idParam(req));
    if (!ticket) return notFound(res);
    // Side-loading (`include=users`): the ticket's requester, submitter and assignee.
    const sideload = String(queryOf(req).include ?? '')
      .split(',')
      .includes('users');
    const userIds = new Set([ticket.requester_id, ticket.submitter_id, ticket.assignee_id]);
    const users = [...userIds].flatMap((id) => {
      const user = typeof id === 'number' ? state.user(id) : undefined;
      return user ? [userJson(user, baseOf(req))] : [];
    });
    res.json({ ticket: ticketJson(ticket, baseOf(req)), ...(sideload ? { users } : {}) });
  });

  app.get(/^\/api\/v2\/tickets\/(\d+)\/audits\.json$/, (req, res) => {
    const id = idParam(req);
    if (!state.ticket(id)) return notFound(res);
    const request = readPageRequest(queryOf(req), state.auditsPerPage);
    if (!request) {
      res.status(400).json({ error: 'InvalidPaginationParameter', description: 'cursor is invalid' });
      return;
    }
    const { items, paging } = pageOf(
      state.audits(id),
      request,
      (query) => `${baseOf(req)}/api/v2/tickets/${id}/audits.json?${query}`,
    );
    // `include=users`: the authors of the page's audits (what the service relies on is only
    // that the requester may be among them; it reads users/{id} when not).
    const sideload = String(queryOf(req).include ?? '')
      .split(',')
      .includes('users');
    const authors = new Set(items.map((audit) => audit.author_id));
    const users = [...authors].flatMap((userId) => {
      const user = state.user(userId);
      return user ? [userJson(user, baseOf(req))] : [];
    });
    res.json({ audits: items.map(auditJson), ...paging, ...(sideload ? { users } : {}) });
  });

  app.put(/^\/api\/v2\/tickets\/(\d+)\.json$/, (req, res) => {
    const outcome = state.applyApiUpdate(idParam(req), req.body);
    switch (outcome.kind) {
      case 'not_found':
        return notFound(res);
      case 'conflict':
        res.status(409).json({
          error: 'UpdateConflict',
          description:
            'Safe Update prevented the update due to outdated ticket data. Please fetch the latest ticket data and try again.',
        });
        return;
      case 'invalid':
        res.status(outcome.status).json(
          outcome.status === 400
            ? { error: 'ParameterMissing', description: outcome.description }
            : {
                error: 'RecordInvalid',
                description: 'Record validation errors',
                details: { [outcome.field ?? 'base']: [{ description: outcome.description }] },
              },
        );
        return;
      case 'updated':
        res.json({
          ticket: ticketJson(outcome.ticket, baseOf(req)),
          ...(outcome.audit ? { audit: auditJson(outcome.audit) } : {}),
        });
        return;
    }
  });

  app.get('/api/v2/users/me.json', (req, res) => {
    res.json({ user: userJson(state.botUser, baseOf(req), { authenticity_token: 'c3RhbmQtaW4gY3NyZiB0b2tlbg==' }) });
  });

  app.get(/^\/api\/v2\/users\/(\d+)\.json$/, (req, res) => {
    const user = state.user(idParam(req));
    if (!user) return notFound(res);
    res.json({ user: userJson(user, baseOf(req)) });
  });

  app.use((_req, res) => void res.status(404).json({ error: 'InvalidEndpoint', description: 'Not found' }));
  app.use(
    quietErrors((status) =>
      status === 400
        ? { status, body: { error: 'InvalidJSON', description: 'The request body is not valid JSON' } }
        : { status: 500, body: { error: 'InternalError', description: 'Internal error' } },
    ),
  );
  return { app, state };
}

/** Zendesk's `api_token` basic auth. users/me with no credentials at all is the anonymous user. */
function authenticate(state: ZendeskState): RequestHandler {
  const { email, apiToken } = state.options;
  return (req, res, next) => {
    const header = req.get('authorization');
    if (!header && req.method === 'GET' && req.path === '/api/v2/users/me.json') {
      res.json({
        user: {
          id: null,
          url: null,
          name: 'Anonymous user',
          email: 'invalid@example.com',
          role: 'end-user',
          locale: 'en-US',
        },
      });
      return;
    }
    const credentials = readBasicAuth(header);
    if (credentials?.user === `${email}/token` && credentials.password === apiToken) return next();
    res.status(401).json({ error: "Couldn't authenticate you" });
  };
}

function notFound(res: Response): void {
  res.status(404).json({ error: 'RecordNotFound', description: 'Not found' });
}

function idParam(req: Request): number {
  return Number((req.params as Record<string, string>)[0]);
}

function queryOf(req: Request): Record<string, string> {
  return Object.fromEntries(new URL(req.originalUrl, 'http://stand-in.invalid').searchParams);
}

/** Links point back at this stand-in, as Zendesk's point at the account's own host. */
function baseOf(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}

/** The error body of an injected fault (faults.ts): Zendesk's own for rate limits and outages. */
function zendeskFaultBody(status: number): Record<string, string> {
  if (status === 429)
    return { error: 'APIRateLimitExceeded', description: 'Number of allowed API requests per minute exceeded' };
  if (status === 503) return { error: 'ServiceUnavailable', description: 'Zendesk is temporarily unavailable' };
  return { error: 'InternalError', description: 'Internal error' };
}
