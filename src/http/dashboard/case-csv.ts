import type { DashboardService } from '../../app/dashboard/dashboard-service.js';

type CaseViewRow = Awaited<ReturnType<DashboardService['cases']>>[number];

export const CASE_CSV_COLUMNS = [
  'ticket_id',
  'at',
  'team',
  'channel',
  'form',
  'status',
  'effort_index',
  'effort_level',
  'channel_switches',
  'team_handoffs',
  'agent_handoffs',
  'reopens',
  'repeat_contact',
  'first_contact_resolution',
  'resolution_minutes',
  'survey_kind',
  'survey_channel',
  'score',
  'verbatim',
  'zendesk_url',
];

/**
 * A spreadsheet runs a cell that starts with = + - @ (or a tab or CR) as a formula; customers
 * write the verbatims, so such cells get a leading apostrophe (OWASP's CSV injection advice).
 */
export function spreadsheetSafe(value: string | null): string | null {
  return value !== null && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function caseCsvRecords(cases: CaseViewRow[]): unknown[][] {
  return cases.map((c) => [
    c.ticketId,
    c.at,
    spreadsheetSafe(c.teamLabel),
    spreadsheetSafe(c.channel),
    c.form,
    c.status,
    c.effortIndex,
    c.effortLevel,
    c.drivers.channelSwitches,
    c.drivers.teamHandoffs,
    c.drivers.agentHandoffs,
    c.drivers.reopens,
    c.drivers.repeatContact,
    c.drivers.firstContactResolution,
    c.drivers.resolutionMinutes,
    c.survey?.kind ?? null,
    c.survey?.channel ?? null,
    c.survey?.score ?? null,
    spreadsheetSafe(c.survey?.verbatim ?? null),
    c.zendeskUrl,
  ]);
}
