/** Rows of dashboard_cases as the DashboardStore port gives them, for both backends. */
import type { DriverContribution } from '../src/domain/drivers.js';
import type { AnsweredCase } from '../src/domain/effort-model/index.js';
import type { DashboardCase } from '../src/ports/dashboard-store.js';

export const CASE_COLUMNS = `ticket_id, at, team, channel, form, status, subject, effort_index, effort_level, contributions,
  channel_switches, team_handoffs, agent_handoffs, reopens, repeat_contacts, first_contact_resolutions, resolved,
  resolution_minutes, survey_kind, survey_channel, survey_status, score, verbatim`;

export type CaseRow = Record<string, unknown>;

export function toCase(row: CaseRow): DashboardCase {
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
    contributions: (typeof row.contributions === 'string'
      ? JSON.parse(row.contributions)
      : row.contributions) as DriverContribution[],
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

/** The columns answeredCesCases reads, in toAnsweredCase's order. */
export const ANSWERED_COLUMNS = `score, channel_switches, team_handoffs, agent_handoffs, reopens, customer_contacts,
  repeat_contacts, first_contact_resolutions, resolved, resolution_minutes, customer_wait_minutes`;

/** One answered CES case, from ANSWERED_COLUMNS as a raw array (a year of answers is ~100,000 rows). */
export function toAnsweredCase([
  ces,
  switches,
  teams,
  agents,
  reopens,
  contacts,
  repeat,
  fcr,
  resolved,
  minutes,
  wait,
]: number[]): AnsweredCase {
  return {
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
  };
}
