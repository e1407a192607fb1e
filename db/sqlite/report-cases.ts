import { eq } from 'drizzle-orm';
import type { ReportCaseStore } from '../../src/ports/report-store.js';
import type { SqliteDb } from '../connection.js';
import { rowToReportCase, solvedInPeriod } from '../report-case-rows.js';
import { surveys, ticketDrivers, tickets } from '../schema.js';

export function createReportCaseStore(db: SqliteDb): ReportCaseStore {
  return {
    async listSolvedCases(since, until) {
      const { solvedAt, where } = solvedInPeriod(
        { status: tickets.status, createdAt: tickets.createdAt, resolutionMinutes: ticketDrivers.resolutionMinutes },
        since,
        until,
      );
      return db
        .select({ ticket: tickets, drivers: ticketDrivers, survey: surveys, solvedAt })
        .from(tickets)
        .innerJoin(ticketDrivers, eq(ticketDrivers.ticketId, tickets.id))
        .leftJoin(surveys, eq(surveys.ticketId, tickets.id))
        .where(where)
        .all()
        .map(rowToReportCase);
    },
  };
}
