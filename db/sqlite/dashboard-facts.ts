import type Database from 'better-sqlite3';

/**
 * The additive columns of dashboard_cases and dashboard_days (db/schema-dashboard.ts), in
 * one order, with the SQL that computes each for one case from tickets, ticket_drivers (d)
 * and surveys (s). A case adds these to its day's cell; a rewrite takes them out first.
 */
const SUMS: ReadonlyArray<readonly [column: string, expression: string]> = [
  ['cases', '1'],
  ['index_sum', 'd.effort_index'],
  ['channel_switches', 'd.channel_switches'],
  ['team_handoffs', 'd.team_handoffs'],
  ['agent_handoffs', 'd.agent_handoffs'],
  ['reopens', 'd.reopens'],
  ['repeat_contacts', 'd.repeat_contact'],
  ['first_contact_resolutions', 'd.first_contact_resolution'],
  ['resolved', '(d.resolution_minutes is not null)'],
  ['resolution_minutes', 'coalesce(d.resolution_minutes, 0)'],
  ['sent_sms', "(s.sent_at is not null and s.channel = 'sms')"],
  ['answered_sms', "(s.score is not null and s.channel = 'sms')"],
  ['sent_slack', "(s.sent_at is not null and s.channel = 'slack')"],
  ['answered_slack', "(s.score is not null and s.channel = 'slack')"],
  ['sent_other', "(s.sent_at is not null and coalesce(s.channel, '') not in ('sms', 'slack'))"],
  ['answered_other', "(s.score is not null and coalesce(s.channel, '') not in ('sms', 'slack'))"],
  ['ces_n', "(s.kind = 'CES' and s.score is not null)"],
  ['ces_sum', "(case when s.kind = 'CES' then coalesce(s.score, 0) else 0 end)"],
  ['ces_sum_squares', "(case when s.kind = 'CES' then coalesce(s.score * s.score, 0) else 0 end)"],
  // Easy answers are 5-7 on the 7-point CES scale.
  ['ces_easy', "(s.kind = 'CES' and s.score >= 5)"],
  ['csat_n', "(s.kind = 'CSAT' and s.score is not null)"],
  // Satisfied is 4-5 on the 5-point CSAT scale.
  ['csat_satisfied', "(s.kind = 'CSAT' and s.score >= 4)"],
  ['nps_n', "(s.kind = 'NPS' and s.score is not null)"],
  ['nps_promoters', "(s.kind = 'NPS' and s.score >= 9)"],
  ['nps_detractors', "(s.kind = 'NPS' and s.score <= 6)"],
];

export const SUM_COLUMNS: readonly string[] = SUMS.map(([column]) => column);

const KEYS = ['day', 'team', 'channel', 'form'] as const;
const DAY_MS = 86_400_000;

/** Every column of dashboard_cases, computed for the cases that have drivers (the select the migration also ran). */
export const CASE_SELECT = `
select t.id as ticket_id,
  t.created_at + coalesce(d.resolution_minutes, 0) * 60000 as at,
  ((t.created_at + coalesce(d.resolution_minutes, 0) * 60000) / ${DAY_MS}) * ${DAY_MS} as day,
  coalesce(t.group_id, -1) as team, t.channel as channel, coalesce(t.form_id, -1) as form,
  t.status as status, t.subject as subject,
  d.effort_index as effort_index, d.effort_level as effort_level, d.contributions as contributions,
  s.kind as survey_kind, s.channel as survey_channel, s.status as survey_status, s.score as score, s.verbatim as verbatim,
  d.customer_contacts as customer_contacts, d.customer_wait_minutes as customer_wait_minutes,
  ${SUMS.map(([column, expression]) => `coalesce(${expression}, 0) as ${column}`).join(',\n  ')}
from tickets t
join ticket_drivers d on d.ticket_id = t.id
left join surveys s on s.ticket_id = t.id`;

type CaseRow = Record<string, number | string | null>;

/** What a case adds to its day's cell: the cell it lands in and its sums. */
const CELL_COLUMNS: readonly string[] = [...KEYS, ...SUM_COLUMNS];

function sameColumns(a: CaseRow, b: CaseRow, columns: readonly string[]): boolean {
  return columns.every((column) => a[column] === b[column]);
}

/** Every column of dashboard_cases in CASE_SELECT's order (for an INSERT ... SELECT of many cases). */
export const CASE_COLUMNS: readonly string[] = [
  ...'ticket_id at day team channel form status subject effort_index effort_level contributions'.split(' '),
  ...'survey_kind survey_channel survey_status score verbatim customer_contacts customer_wait_minutes'.split(' '),
  ...SUM_COLUMNS,
];

/**
 * Keeps dashboard_cases and dashboard_days in step with one case. Called by the ticket and
 * survey stores inside the transaction that changed the case, so the sums never drift.
 */
export function createDashboardFacts(
  sqlite: Database.Database,
  onDayChanged: (day: number) => void = () => {},
): { refresh(ticketId: number): void } {
  const selectCase = sqlite.prepare(`${CASE_SELECT} where t.id = ?`);
  const caseColumns = selectCase.columns().map((c) => c.name);
  const oldCase = sqlite.prepare(`select ${caseColumns.join(', ')} from dashboard_cases where ticket_id = ?`);
  const deleteCase = sqlite.prepare('delete from dashboard_cases where ticket_id = ?');
  const writeCase = sqlite.prepare(
    `insert or replace into dashboard_cases (${caseColumns.join(', ')}) values (${caseColumns.map((c) => `@${c}`).join(', ')})`,
  );
  const addToCell = sqlite.prepare(
    `insert into dashboard_days (${CELL_COLUMNS.join(', ')})
     values (${CELL_COLUMNS.map((c) => `@${c}`).join(', ')})
     on conflict (day, team, channel, form) do update set
     ${SUM_COLUMNS.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')}`,
  );
  const dropEmptyCell = sqlite.prepare(
    'delete from dashboard_days where day = @day and team = @team and channel = @channel and form = @form and cases <= 0',
  );

  /** Adds `row`'s sums to its cell, less `minus`'s (a case that stays in the same cell moves by the difference). */
  const applyToCell = (row: CaseRow, sign: 1 | -1, minus?: CaseRow) => {
    const cell: CaseRow = {};
    for (const key of KEYS) cell[key] = row[key] ?? null;
    for (const column of SUM_COLUMNS)
      cell[column] = sign * Number(row[column] ?? 0) - (minus ? Number(minus[column] ?? 0) : 0);
    addToCell.run(cell);
    if (sign < 0) dropEmptyCell.run(cell);
    onDayChanged(Number(row.day));
  };

  return {
    refresh(ticketId) {
      const previous = oldCase.get(ticketId) as CaseRow | undefined;
      const next = selectCase.get(ticketId) as CaseRow | undefined;
      // Most refreshes after the first change nothing the dashboard counts (the write-back's
      // answer moves the ticket's tags and time, not its day, team or sums): the day's cell
      // is left alone and its cache stays warm, and an identical row is not written again.
      // A case that stays in its cell with other sums (its survey went out, or was answered)
      // moves the cell by the difference in one write, instead of leaving it and coming back.
      if (previous && next && sameColumns(previous, next, KEYS)) {
        if (!sameColumns(previous, next, caseColumns)) writeCase.run(next);
        if (!sameColumns(previous, next, SUM_COLUMNS)) applyToCell(next, 1, previous);
        return;
      }
      if (previous) applyToCell(previous, -1);
      if (next) {
        writeCase.run(next);
        applyToCell(next, 1);
      } else if (previous) deleteCase.run(ticketId);
    },
  };
}
