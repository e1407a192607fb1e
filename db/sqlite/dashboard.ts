import type Database from 'better-sqlite3';
import type { DriverContribution } from '../../src/domain/drivers.js';
import { type EffortSums, SUM_FIELDS } from '../../src/domain/dashboard/effort-sums.js';
import type {
  BreakdownDimension,
  DashboardCase,
  DashboardFilter,
  DashboardStore,
} from '../../src/ports/dashboard-store.js';
import { SUM_COLUMNS } from './dashboard-facts.js';

/** SUM(column) AS field for every additive column, in SUM_FIELDS order. */
const SUM_SELECT = SUM_COLUMNS.map((column, i) => `sum(${column}) as ${SUM_FIELDS[i]}`).join(', ');

function where(filter: DashboardFilter, timeColumn: 'day' | 'at'): { clause: string; params: Record<string, unknown> } {
  const parts = [`${timeColumn} >= @from`, `${timeColumn} < @to`];
  // Daily cells are keyed by day start: a range that starts mid-day takes that whole day.
  const from =
    timeColumn === 'day' ? Math.floor(filter.from.getTime() / 86_400_000) * 86_400_000 : filter.from.getTime();
  const params: Record<string, unknown> = { from, to: filter.to.getTime() };
  for (const key of ['team', 'channel', 'form'] as const) {
    if (filter[key] === undefined) continue;
    parts.push(`${key} = @${key}`);
    params[key] = filter[key];
  }
  return { clause: parts.join(' and '), params };
}

function toSums(row: Record<string, unknown>): EffortSums {
  return Object.fromEntries(SUM_FIELDS.map((field) => [field, Number(row[field] ?? 0)])) as EffortSums;
}

const CASE_COLUMNS = `ticket_id, at, team, channel, form, status, subject, effort_index, effort_level, contributions,
  channel_switches, team_handoffs, agent_handoffs, reopens, repeat_contacts, first_contact_resolutions, resolved,
  resolution_minutes, survey_kind, survey_channel, survey_status, score, verbatim`;

type CaseRow = Record<string, number | string | null>;

function toCase(row: CaseRow): DashboardCase {
  const idOrNull = (value: unknown) => (Number(value) === -1 ? null : Number(value));
  return {
    ticketId: Number(row.ticket_id),
    at: new Date(Number(row.at)),
    team: idOrNull(row.team),
    channel: String(row.channel),
    form: idOrNull(row.form),
    status: String(row.status),
    subject: row.subject === null ? null : String(row.subject),
    effortIndex: Number(row.effort_index),
    effortLevel: String(row.effort_level),
    contributions: JSON.parse(String(row.contributions)) as DriverContribution[],
    drivers: {
      channelSwitches: Number(row.channel_switches),
      teamHandoffs: Number(row.team_handoffs),
      agentHandoffs: Number(row.agent_handoffs),
      reopens: Number(row.reopens),
      repeatContact: Number(row.repeat_contacts) === 1,
      firstContactResolution: Number(row.first_contact_resolutions) === 1,
      resolutionMinutes: Number(row.resolved) === 1 ? Number(row.resolution_minutes) : null,
    },
    survey:
      row.survey_kind === null
        ? null
        : {
            kind: String(row.survey_kind),
            channel: row.survey_channel === null ? null : String(row.survey_channel),
            status: String(row.survey_status),
            score: row.score === null ? null : Number(row.score),
            verbatim: row.verbatim === null ? null : String(row.verbatim),
          },
  };
}

/** Reads of db/schema-dashboard.ts: sums from dashboard_days, cases from dashboard_cases. */
export function createDashboardStore(sqlite: Database.Database): DashboardStore {
  // Statements differ only in which filters are set: prepare each shape once.
  const prepared = new Map<string, Database.Statement>();
  const statement = (text: string) => {
    const found = prepared.get(text) ?? sqlite.prepare(text);
    prepared.set(text, found);
    return found;
  };

  return {
    async dailyTotals(filter) {
      const { clause, params } = where(filter, 'day');
      const rows = statement(
        `select day, ${SUM_SELECT} from dashboard_days where ${clause} group by day order by day`,
      ).all(params) as Array<Record<string, unknown>>;
      return rows.map((row) => ({ start: Number(row.day), sums: toSums(row) }));
    },

    async breakdown(filter, by: BreakdownDimension) {
      const { clause, params } = where(filter, 'day');
      const rows = statement(`select ${by} as k, ${SUM_SELECT} from dashboard_days where ${clause} group by ${by}`).all(
        params,
      ) as Array<Record<string, unknown>>;
      return rows.map((row) => ({ key: String(row.k), sums: toSums(row) }));
    },

    async listCases(filter, order, limit, offset) {
      const { clause, params } = where(filter, 'at');
      const orderBy = order === 'effort' ? 'effort_index desc, at desc' : 'at desc';
      const rows = statement(
        `select ${CASE_COLUMNS} from dashboard_cases where ${clause} order by ${orderBy} limit @limit offset @offset`,
      ).all({ ...params, limit, offset }) as CaseRow[];
      return rows.map(toCase);
    },

    async answeredCesCases(filter, limit) {
      const { clause, params } = where(filter, 'at');
      const rows = statement(
        `select ${CASE_COLUMNS} from dashboard_cases where ${clause} and ces_n = 1 order by at desc limit @limit`,
      ).all({ ...params, limit }) as CaseRow[];
      return rows.map(toCase);
    },

    async dimensions() {
      const distinct = (column: string) =>
        (statement(`select distinct ${column} as v from dashboard_days order by 1`).all() as Array<{ v: unknown }>).map(
          (row) => row.v,
        );
      return {
        teams: distinct('team').map(Number),
        channels: distinct('channel').map(String),
        forms: distinct('form').map(Number),
      };
    },
  };
}
