import { and, eq, gte, inArray, isNotNull, lt, sql } from 'drizzle-orm';
import type { EffortLevel } from '../../src/domain/drivers.js';
import type { ReportCase } from '../../src/domain/report/report-case.js';
import type { SurveyKind } from '../../src/domain/survey/survey.js';
import type { ReportCaseStore } from '../../src/ports/report-store.js';
import type { SqliteDb } from '../connection.js';
import { surveys, ticketDrivers, tickets } from '../schema.js';

/**
 * A case's solve time is its creation plus the resolution minutes the drivers recorded (the
 * last solve), so the report needs no column of its own.
 */
export function createReportCaseStore(db: SqliteDb): ReportCaseStore {
  const solvedAt = sql<number>`${tickets.createdAt} + ${ticketDrivers.resolutionMinutes} * 60000`;
  return {
    async listSolvedCases(since, until) {
      const rows = db
        .select({ ticket: tickets, drivers: ticketDrivers, survey: surveys, solvedAt })
        .from(tickets)
        .innerJoin(ticketDrivers, eq(ticketDrivers.ticketId, tickets.id))
        .leftJoin(surveys, eq(surveys.ticketId, tickets.id))
        .where(
          and(
            inArray(tickets.status, ['solved', 'closed']),
            isNotNull(ticketDrivers.resolutionMinutes),
            gte(solvedAt, since.getTime()),
            lt(solvedAt, until.getTime()),
          ),
        )
        .all();
      return rows.map(
        ({ ticket, drivers: d, survey, solvedAt: at }): ReportCase => ({
          ticketId: ticket.id,
          subject: ticket.subject,
          groupId: ticket.groupId,
          channel: ticket.channel,
          formId: ticket.formId,
          solvedAt: new Date(at),
          effortIndex: d.effortIndex,
          effortLevel: d.effortLevel as EffortLevel,
          drivers: {
            channelSwitches: d.channelSwitches,
            teamHandoffs: d.teamHandoffs,
            agentHandoffs: d.agentHandoffs,
            reopens: d.reopens,
            customerContacts: d.customerContacts,
            repeatContact: d.repeatContact,
            firstContactResolution: d.firstContactResolution,
            resolutionMinutes: d.resolutionMinutes,
            customerWaitMinutes: d.customerWaitMinutes,
          },
          survey: survey && {
            kind: survey.kind as SurveyKind,
            sent: survey.sentAt !== null,
            score: survey.score,
            verbatim: survey.verbatim,
          },
        }),
      );
    },
  };
}
