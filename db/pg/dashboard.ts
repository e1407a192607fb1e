import { type SQL, sql } from 'drizzle-orm';
import { type EffortSums, SUM_FIELDS } from '../../src/domain/dashboard/effort-sums.js';
import type { BreakdownDimension, DashboardFilter, DashboardStore } from '../../src/ports/dashboard-store.js';
import { ANSWERED_COLUMNS, CASE_COLUMNS, type CaseRow, toAnsweredCase, toCase } from '../dashboard-rows.js';
import { SUM_COLUMNS } from '../sqlite/dashboard-facts.js';
import type { PgUnitOfWork } from './unit-of-work.js';

const DAY_MS = 86_400_000;
const SUMMED = sql.raw(SUM_COLUMNS.map((c) => `sum(${c}) as ${c}`).join(', '));

/** The filter's team, channel and form as conditions, after `head` (the time range). */
function narrowed(filter: DashboardFilter, head: SQL): SQL {
  const parts = [head];
  if (filter.team !== undefined) parts.push(sql`team = ${filter.team}`);
  if (filter.channel !== undefined) parts.push(sql`channel = ${filter.channel}`);
  if (filter.form !== undefined) parts.push(sql`form = ${filter.form}`);
  return sql.join(parts, sql` and `);
}

/** Cells whose day holds any part of [from, to), as the SQLite day cache selects them. */
const dayRange = (filter: DashboardFilter) =>
  narrowed(filter, sql`day >= ${Math.floor(filter.from.getTime() / DAY_MS) * DAY_MS} and day < ${filter.to.getTime()}`);
const caseRange = (filter: DashboardFilter) =>
  narrowed(filter, sql`at >= ${filter.from.getTime()} and at < ${filter.to.getTime()}`);

function toSums(row: Record<string, unknown>): EffortSums {
  const sums = {} as EffortSums;
  SUM_FIELDS.forEach((field, i) => {
    sums[field] = Number(row[SUM_COLUMNS[i]!]);
  });
  return sums;
}

/**
 * DashboardStore on PostgreSQL, as db/sqlite/dashboard.ts. The sums are read from
 * dashboard_days on every call: SQLite's in-memory day cache relies on PRAGMA data_version to
 * notice other writers, and here other instances write all the time.
 */
export function createDashboardStore(unit: PgUnitOfWork): DashboardStore {
  const rows = async <T extends Record<string, unknown>>(query: SQL) => (await unit.db.execute<T>(query)).rows;

  return {
    async dailyTotals(filter) {
      const found = await rows(
        sql`select day, ${SUMMED} from dashboard_days where ${dayRange(filter)} group by day order by day`,
      );
      return found.map((row) => ({ start: Number(row.day), sums: toSums(row) }));
    },

    async breakdown(filter, by: BreakdownDimension) {
      const column = sql.raw(by);
      const found = await rows(
        sql`select ${column} as key, ${SUMMED} from dashboard_days where ${dayRange(filter)} group by ${column} order by ${column}`,
      );
      return found.map((row) => ({ key: String(row.key), sums: toSums(row) }));
    },

    async listCases(filter, order, limit, offset) {
      const orderBy = sql.raw(order === 'effort' ? 'effort_index desc, at desc' : 'at desc');
      const found = await rows<CaseRow>(
        sql`select ${sql.raw(CASE_COLUMNS)} from dashboard_cases where ${caseRange(filter)}
          order by ${orderBy} limit ${limit} offset ${offset}`,
      );
      return found.map(toCase);
    },

    async answeredCesCases(filter, limit) {
      const found = await rows(
        sql`select ${sql.raw(ANSWERED_COLUMNS)} from dashboard_cases where ${caseRange(filter)} and ces_n = 1
          order by at desc limit ${limit}`,
      );
      const columns = ANSWERED_COLUMNS.split(',').map((c) => c.trim());
      return found.map((row) => toAnsweredCase(columns.map((c) => Number(row[c]))));
    },

    async dimensions() {
      const [found] = await rows<{ teams: number[] | null; channels: string[] | null; forms: number[] | null }>(
        sql`select array_agg(distinct team order by team) as teams, array_agg(distinct channel collate "C" order by channel collate "C") as channels,
          array_agg(distinct form order by form) as forms from dashboard_days`,
      );
      return {
        teams: (found?.teams ?? []).map(Number),
        channels: found?.channels ?? [],
        forms: (found?.forms ?? []).map(Number),
      };
    },
  };
}
