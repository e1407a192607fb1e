import { ZendeskApiError } from '../../src/ports/errors.js';
import type { TeamNameSource } from '../../src/ports/team-names.js';
import { parseBody } from './fetch-with-deadline.js';
import { field, nextPageLink } from './paging.js';
import { isRecord, readId, readText } from './payload-fields.js';
import { UNLIMITED_BUDGET, type RequestBudget } from './request-budget.js';
import { OPEN_GATE, requestOnce, type RateLimitGate, type ZendeskLogger } from './request-once.js';

export interface GroupsReaderOptions {
  /** `https://<subdomain>.zendesk.com` or any base URL serving `/api/v2`. */
  url: string;
  email: string;
  apiToken: string;
  timeoutMs: number;
  gate?: RateLimitGate;
  /** The account's request budget, shared with the ticket client. */
  budget?: RequestBudget;
  onRequest?: (operation: string) => void;
  logger?: ZendeskLogger;
  now?: () => number;
}

/** ListGroups returns at most 100 per page; 100 pages is 10,000 groups, far past any account. */
const PAGE_SIZE = 100;
const MAX_PAGES = 100;

/**
 * Reads the team names from `GET /api/v2/groups.json` with cursor pagination (Zendesk's
 * recommended kind; `links.next` while `meta.has_more`). Kept apart from client.ts: it needs
 * none of the ticket client's write and collision logic, only one classified GET per page.
 */
export function createGroupsReader(options: GroupsReaderOptions): TeamNameSource {
  const base = options.url.replace(/\/+$/, '');
  const authorization = `Basic ${Buffer.from(`${options.email}/token:${options.apiToken}`).toString('base64')}`;
  const once = {
    method: 'GET' as const,
    timeoutMs: options.timeoutMs,
    gate: options.gate ?? OPEN_GATE,
    budget: options.budget ?? UNLIMITED_BUDGET,
    ...(options.onRequest ? { onRequest: options.onRequest } : {}),
    logger: options.logger ?? { debug: () => undefined, warn: () => undefined },
    now: options.now ?? Date.now,
  };

  async function readPage(url: string, page: number) {
    return requestOnce(
      async () => {
        const response = await fetch(url, {
          headers: { authorization, accept: 'application/json' },
          signal: AbortSignal.timeout(options.timeoutMs),
        });
        const text = await response.text();
        return { status: response.status, headers: response.headers, body: parseBody(text, response.ok) };
      },
      { operation: 'listGroups', page },
      once,
    );
  }

  /** Next links carry Zendesk's own host; keep ours so a proxy or test double stays in the path. */
  function rebase(link: string): string {
    const next = new URL(link, base);
    const at = next.pathname.indexOf('/api/v2/');
    return `${base}${at >= 0 ? next.pathname.slice(at) : next.pathname}${next.search}`;
  }

  return {
    async listTeamNames() {
      const names: Record<string, string> = {};
      const seen = new Set<string>();
      let url: string | null = `${base}/api/v2/groups.json?page%5Bsize%5D=${PAGE_SIZE}`;
      while (url && !seen.has(url) && seen.size < MAX_PAGES) {
        seen.add(url);
        const response = await readPage(url, seen.size);
        if (response.status === 404) throw new ZendeskApiError('listGroups: Zendesk answered 404', 404, false);
        const groups = field(response.body, 'groups');
        for (const group of Array.isArray(groups) ? groups : []) {
          const id = isRecord(group) ? readId(group.id) : null;
          const name = isRecord(group) ? readText(group.name)?.trim() : null;
          if (id !== null && name) names[String(id)] = name;
        }
        const next = nextPageLink(response.body);
        url = next ? rebase(next) : null;
      }
      return names;
    },
  };
}
