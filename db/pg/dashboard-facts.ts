import { sql } from 'drizzle-orm';
import { SUM_COLUMNS } from '../sqlite/dashboard-facts.js';
import type { PgUnitOfWork } from './unit-of-work.js';

/**
 * The SQL that computes each additive column for one case from tickets (t), ticket_drivers (d)
 * and surveys (s): db/sqlite/dashboard-facts.ts's, with PostgreSQL's booleans cast to 0/1.
 */
const SUM_EXPRESSIONS: Readonly<Record<string, string>> = {
  cases: '1',
  index_sum: 'd.effort_index',
  channel_switches: 'd.channel_switches',
  team_handoffs: 'd.team_handoffs',
  agent_handoffs: 'd.agent_handoffs',
  reopens: 'd.reopens',
  repeat_contacts: 'd.repeat_contact::int',
  first_contact_resolutions: 'd.first_contact_resolution::int',
  resolved: '(d.resolution_minutes is not null)::int',
  resolution_minutes: 'coalesce(d.resolution_minutes, 0)',
  sent_sms: "(s.sent_at is not null and s.channel = 'sms')::int",
  answered_sms: "(s.score is not null and s.channel = 'sms')::int",
  sent_slack: "(s.sent_at is not null and s.channel = 'slack')::int",
  answered_slack: "(s.score is not null and s.channel = 'slack')::int",
  sent_other: "(s.sent_at is not null and coalesce(s.channel, '') not in ('sms', 'slack'))::int",
  answered_other: "(s.score is not null and coalesce(s.channel, '') not in ('sms', 'slack'))::int",
  ces_n: "(s.kind = 'CES' and s.score is not null)::int",
  ces_sum: "(case when s.kind = 'CES' then coalesce(s.score, 0) else 0 end)",
  ces_sum_squares: "(case when s.kind = 'CES' then coalesce(s.score * s.score, 0) else 0 end)",
  // Easy answers are 5-7 on the 7-point CES scale.
  ces_easy: "(s.kind = 'CES' and s.score >= 5)::int",
  csat_n: "(s.kind = 'CSAT' and s.score is not null)::int",
  // Satisfied is 4-5 on the 5-point CSAT scale.
  csat_satisfied: "(s.kind = 'CSAT' and s.score >= 4)::int",
  nps_n: "(s.kind = 'NPS' and s.score is not null)::int",
  nps_promoters: "(s.kind = 'NPS' and s.score >= 9)::int",
  nps_detractors: "(s.kind = 'NPS' and s.score <= 6)::int",
};

const KEYS = ['day', 'team', 'channel', 'form'] as const;
const DAY_MS = 86_400_000;
const solvedAt = 't.created_at + coalesce(d.resolution_minutes, 0) * 60000';

/** Every column of dashboard_cases for one case (its first survey round, as SQLite's join reads it). */
const CASE_SELECT = `
select t.id as ticket_id, ${solvedAt} as at, ((${solvedAt}) / ${DAY_MS}) * ${DAY_MS} as day,
  coalesce(t.group_id, -1) as team, t.channel as channel, coalesce(t.form_id, -1) as form,
  t.status as status, t.subject as subject,
  d.effort_index as effort_index, d.effort_level as effort_level, d.contributions as contributions,
  s.kind as survey_kind, s.channel as survey_channel, s.status as survey_status, s.score as score, s.verbatim as verbatim,
  d.customer_contacts as customer_contacts, d.customer_wait_minutes as customer_wait_minutes,
  ${SUM_COLUMNS.map((column) => `coalesce(${SUM_EXPRESSIONS[column]}, 0) as ${column}`).join(',\n  ')}
from tickets t
join ticket_drivers d on d.ticket_id = t.id
left join lateral (select * from surveys where ticket_id = t.id order by round limit 1) s on true
where t.id = `;

const CASE_COLUMNS = [
  ...'ticket_id at day team channel form status subject effort_index effort_level contributions'.split(' '),
  ...'survey_kind survey_channel survey_status score verbatim customer_contacts customer_wait_minutes'.split(' '),
  ...SUM_COLUMNS,
];
const FACT_COLUMNS = [...KEYS, ...SUM_COLUMNS].join(', ');

/** Writes the case's row from its tables and returns its keys and sums; no row when it has no drivers. */
const UPSERT_CASE = `insert into dashboard_cases (${CASE_COLUMNS.join(', ')})
${CASE_SELECT}`;
const ON_CONFLICT = `
on conflict (ticket_id) do update set ${CASE_COLUMNS.slice(1)
  .map((c) => `${c} = excluded.${c}`)
  .join(', ')}
returning ${FACT_COLUMNS}`;

const ADD_TO_CELL = `on conflict (day, team, channel, form) do update set
  ${SUM_COLUMNS.map((c) => `${c} = dashboard_days.${c} + excluded.${c}`).join(', ')}`;

type FactRow = Record<string, number | string>;
const cellKey = (row: FactRow) => KEYS.map((k) => String(row[k])).join('\u0000');

/**
 * Keeps dashboard_cases and dashboard_days in step with one case, inside the caller's
 * transaction (as db/sqlite/dashboard-facts.ts). Several instances refresh at once, so:
 * the ticket row is locked first (refreshes of one case take turns and never count it
 * twice), and a day cell only ever changes by `x = x + excluded.x` (refreshes of different
 * cases in one cell never lose each other's updates).
 */
export function createDashboardFacts(unit: PgUnitOfWork): { refresh(ticketId: number): Promise<void> } {
  /** Adds (sign 1) or takes out (-1) each case's sums, one statement per cell in key order (no deadlocks). */
  const applyToCells = async (changes: Array<{ row: FactRow; sign: 1 | -1 }>) => {
    const cells = new Map<string, { keys: FactRow; sums: number[]; shrinks: boolean }>();
    for (const { row, sign } of changes) {
      const key = cellKey(row);
      const cell = cells.get(key) ?? { keys: row, sums: SUM_COLUMNS.map(() => 0), shrinks: false };
      SUM_COLUMNS.forEach((column, i) => {
        cell.sums[i]! += sign * Number(row[column] ?? 0);
      });
      cell.shrinks ||= sign < 0;
      cells.set(key, cell);
    }
    for (const key of [...cells.keys()].sort()) {
      const { keys, sums, shrinks } = cells.get(key)!;
      if (sums.every((x) => x === 0)) continue;
      const values = sql.join([...KEYS.map((k) => sql`${keys[k]}`), ...sums.map((x) => sql`${x}`)], sql`, `);
      await unit.db.execute(
        sql`insert into dashboard_days (${sql.raw(FACT_COLUMNS)}) values (${values}) ${sql.raw(ADD_TO_CELL)}`,
      );
      if (shrinks)
        await unit.db.execute(
          sql`delete from dashboard_days where day = ${keys.day} and team = ${keys.team} and channel = ${keys.channel}
            and form = ${keys.form} and cases <= 0`,
        );
    }
  };

  // Always inside a transaction: beforeCommit runs it in the caller's, or opens one.
  const refreshNow = async (ticketId: number) => {
    // NO KEY UPDATE: refreshes of this ticket wait for each other, while inserts that only
    // reference it (a survey's foreign key) do not.
    await unit.db.execute(sql`select 1 from tickets where id = ${ticketId} for no key update`);
    const [previous] = (
      await unit.db.execute<FactRow>(
        sql`select ${sql.raw(FACT_COLUMNS)} from dashboard_cases where ticket_id = ${ticketId} for update`,
      )
    ).rows;
    const [next] = (await unit.db.execute<FactRow>(sql`${sql.raw(UPSERT_CASE)}${ticketId} ${sql.raw(ON_CONFLICT)}`))
      .rows;
    if (!next && previous) await unit.db.execute(sql`delete from dashboard_cases where ticket_id = ${ticketId}`);
    await applyToCells([
      ...(previous ? [{ row: previous, sign: -1 as const }] : []),
      ...(next ? [{ row: next, sign: 1 as const }] : []),
    ]);
  };

  return {
    // Last in the caller's transaction, once per ticket: the day cell a busy day's cases all
    // share is then locked for the commit's round trip only (db/pg/unit-of-work.ts beforeCommit).
    refresh: (ticketId) =>
      unit.beforeCommit(`dashboard-facts:${String(ticketId).padStart(16, '0')}`, () => refreshNow(ticketId)),
  };
}
