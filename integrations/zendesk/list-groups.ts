import { ZendeskApiError } from '../../src/ports/errors.js';
import type { TeamNameSource } from '../../src/ports/team-names.js';
import { field, nextPageLink } from './paging.js';
import { isRecord, readId, readText } from './payload-fields.js';
import type { ZendeskHttp } from './zendesk-http.js';

/** ListGroups returns at most 100 per page; 100 pages is 10,000 groups, far past any account. */
const PAGE_SIZE = 100;
const MAX_PAGES = 100;

/**
 * Reads the team names from `GET /api/v2/groups.json` with cursor pagination (Zendesk's
 * recommended kind; `links.next` while `meta.has_more`), over the same transport as the
 * ticket client (auth, deadline, rate-limit gate, request budget).
 */
export function createGroupsReader(http: ZendeskHttp): TeamNameSource {
  return {
    async listTeamNames() {
      const names: Record<string, string> = {};
      const seen = new Set<string>();
      let url: string | null = http.endpoint('groups', { 'page[size]': PAGE_SIZE });
      while (url && !seen.has(url) && seen.size < MAX_PAGES) {
        seen.add(url);
        const response = await http.call('GET', url, { operation: 'listGroups', page: seen.size });
        if (response.status === 404) throw new ZendeskApiError('listGroups: Zendesk answered 404', 404, false);
        const groups = field(response.body, 'groups');
        for (const group of Array.isArray(groups) ? groups : []) {
          const id = isRecord(group) ? readId(group.id) : null;
          const name = isRecord(group) ? readText(group.name)?.trim() : null;
          if (id !== null && name) names[String(id)] = name;
        }
        const next = nextPageLink(response.body);
        url = next ? http.rebase(next) : null;
      }
      return names;
    },
  };
}
