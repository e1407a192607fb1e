import { and, eq, gte, inArray, isNotNull, lt, sql } from 'drizzle-orm';
import type { ReportCaseStore } from '../../src/ports/report-store.js';
import type { SqliteDb } from '../connection.js';
import { rowToReportCase } from '../report-case-rows.js';
import { surveys, ticketDrivers, tickets } from '../schema.js';

/**
 * A case's solve time is its creation plus the resolution minutes the drivers recorded (the
 * last solve), so the report needs no column of its own.
 */
export function createReportCaseStore(db: SqliteDb): ReportCaseStore {
  const solvedAt = sql<number>`${tickets.createdAt} + ${ticketDrivers.resolutionMinutes} * 60000`;
  return {
    async listSolvedCases(since, until) {
      return db
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
        .all()
        .map(rowToReportCase);
    },
  };
}
