/**
 * A joined ticket, drivers and survey row as a report case, shared by SQLite
 * (db/sqlite/report-cases.ts) and PostgreSQL (db/pg/report-cases.ts).
 */
import { type AnyColumn, and, gte, inArray, isNotNull, lt, type SQL, sql } from 'drizzle-orm';
import type { EffortLevel } from '../src/domain/drivers.js';
import type { ReportCase } from '../src/domain/report/report-case.js';
import type { SurveyKind } from '../src/domain/survey/survey.js';
import type { surveys, ticketDrivers, tickets } from './schema.js';
import { rowToDrivers } from './ticket-rows.js';

export interface SolvedCaseRow {
  ticket: typeof tickets.$inferSelect;
  drivers: typeof ticketDrivers.$inferSelect;
  survey: typeof surveys.$inferSelect | null;
  /** Epoch milliseconds: creation plus the resolution minutes. */
  solvedAt: number;
}

export function rowToReportCase({ ticket, drivers, survey, solvedAt }: SolvedCaseRow): ReportCase {
  return {
    ticketId: ticket.id,
    subject: ticket.subject,
    groupId: ticket.groupId,
    channel: ticket.channel,
    formId: ticket.formId,
    solvedAt: new Date(solvedAt),
    effortIndex: drivers.effortIndex,
    effortLevel: drivers.effortLevel as EffortLevel,
    drivers: rowToDrivers(drivers),
    survey: survey && {
      kind: survey.kind as SurveyKind,
      sent: survey.sentAt !== null,
      score: survey.score,
      verbatim: survey.verbatim,
    },
  };
}

/**
 * The solve time of a case (its creation plus the resolution minutes the drivers recorded:
 * the last solve, so the report needs no column of its own) and the condition that it was
 * solved or closed in [since, until). Columns of either dialect's tickets and ticket_drivers.
 */
export function solvedInPeriod(
  columns: { status: AnyColumn; createdAt: AnyColumn; resolutionMinutes: AnyColumn },
  since: Date,
  until: Date,
): { solvedAt: SQL<number>; where: SQL | undefined } {
  const solvedAt = sql<number>`${columns.createdAt} + ${columns.resolutionMinutes} * 60000`;
  const where = and(
    inArray(columns.status, ['solved', 'closed']),
    isNotNull(columns.resolutionMinutes),
    gte(solvedAt, since.getTime()),
    lt(solvedAt, until.getTime()),
  );
  return { solvedAt, where };
}
