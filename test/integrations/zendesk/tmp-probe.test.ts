import { it } from 'vitest';
import { readFileSync } from 'node:fs';
import { validateAgainstSpec } from '../../support/openapi.js';
const spec = '../shared/specs/zendesk_support_api.yaml';
const f = (n: string) => JSON.parse(readFileSync(`test/fixtures/zendesk/rest/${n}`, 'utf8'));
it('probe', () => {
  const cases: Array<[string, string, string]> = [
    ['GET', '/api/v2/tickets/501.json', 'ticket-show.json'],
    ['GET', '/api/v2/tickets/501/audits.json', 'ticket-audits-page-1.json'],
    ['GET', '/api/v2/tickets/501/audits.json?page=2', 'ticket-audits-page-2.json'],
    ['GET', '/api/v2/users/9001.json', 'user-show.json'],
    ['GET', '/api/v2/users/me.json', 'users-me.json'],
    ['PUT', '/api/v2/tickets/501.json', 'ticket-update.json'],
    ['GET', '/api/v2/incremental/ticket_events.json', 'incremental-ticket-events.json'],
    ['GET', '/api/v2/incremental/tickets/cursor.json', 'incremental-tickets-cursor-page-1.json'],
    ['GET', '/api/v2/incremental/tickets/cursor.json', 'incremental-tickets-cursor-page-2.json'],
  ];
  for (const [method, path, name] of cases) console.log(name, validateAgainstSpec(spec, { method, path, status: 200, body: f(name) }));
});
