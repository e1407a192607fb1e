import type Database from 'better-sqlite3';
import type { DriverContribution } from '../../src/domain/drivers.js';
import type {
  BreakdownDimension,
  DashboardCase,
  DashboardFilter,
  DashboardStore,
} from '../../src/ports/dashboard-store.js';
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
        `select score, channel_switches, team_handoffs, agent_handoffs, reopens, customer_contacts, repeat_contacts,
           first_contact_resolutions, resolved, resolution_minutes, customer_wait_minutes
         from dashboard_cases where ${clause} and ces_n = 1 order by at desc limit @limit`,
      )
        .raw()
        .all({ ...params, limit }) as number[][];
      return rows.map(([ces, switches, teams, agents, reopens, contacts, repeat, fcr, resolved, minutes, wait]) => ({
        ces: ces!,
        drivers: {
          channelSwitches: switches!,
          teamHandoffs: teams!,
          agentHandoffs: agents!,
          reopens: reopens!,
          customerContacts: contacts!,
          repeatContact: repeat === 1,
          firstContactResolution: fcr === 1,
          resolutionMinutes: resolved === 1 ? minutes! : null,
          customerWaitMinutes: wait!,
        },
      }));
    },

    async dimensions() {
      return cache.dimensions();
    },
  };
}
