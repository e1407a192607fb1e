import type Database from 'better-sqlite3';
import type { BreakdownDimension, DashboardFilter, DashboardStore } from '../../src/ports/dashboard-store.js';
import { ANSWERED_COLUMNS, CASE_COLUMNS, type CaseRow, toAnsweredCase, toCase } from '../dashboard-rows.js';
import type { DashboardDayCache } from './dashboard-day-cache.js';

function where(filter: DashboardFilter): { clause: string; params: Record<string, unknown> } {
  const parts = ['at >= @from', 'at < @to'];
  const params: Record<string, unknown> = { from: filter.from.getTime(), to: filter.to.getTime() };
  for (const key of ['team', 'channel', 'form'] as const) {
    if (filter[key] === undefined) continue;
    parts.push(`${key} = @${key}`);
    params[key] = filter[key];
  }
  return { clause: parts.join(' and '), params };
}

/** Reads of db/schema-dashboard.ts: sums from dashboard_days (through the day cache), cases from dashboard_cases. */
export function createDashboardStore(sqlite: Database.Database, cache: DashboardDayCache): DashboardStore {
  // Statements differ only in which filters are set: prepare each shape once.
  const prepared = new Map<string, Database.Statement>();
  const statement = (text: string) => {
    const found = prepared.get(text) ?? sqlite.prepare(text);
    prepared.set(text, found);
    return found;
  };

  return {
    async dailyTotals(filter) {
      return cache.dailyTotals(filter);
    },

    async breakdown(filter, by: BreakdownDimension) {
      return cache.breakdown(filter, by);
    },

    async listCases(filter, order, limit, offset) {
      const { clause, params } = where(filter);
      const orderBy = order === 'effort' ? 'effort_index desc, at desc' : 'at desc';
      const rows = statement(
        `select ${CASE_COLUMNS} from dashboard_cases where ${clause} order by ${orderBy} limit @limit offset @offset`,
      ).all({ ...params, limit, offset }) as CaseRow[];
      return rows.map(toCase);
    },

    async answeredCesCases(filter, limit) {
      const { clause, params } = where(filter);
      // Raw arrays, no JSON columns: a year of answers is ~100,000 rows.
      const rows = statement(
        `select ${ANSWERED_COLUMNS} from dashboard_cases where ${clause} and ces_n = 1 order by at desc limit @limit`,
      )
        .raw()
        .all({ ...params, limit }) as number[][];
      return rows.map(toAnsweredCase);
    },

    async dimensions() {
      return cache.dimensions();
    },
  };
}
