import { eq } from 'drizzle-orm';
import type { ReportCaseStore } from '../../src/ports/report-store.js';
import { rowToReportCase, solvedInPeriod } from '../report-case-rows.js';
import { surveys, ticketDrivers, tickets } from './schema.js';
import type { PgUnitOfWork } from './unit-of-work.js';

/** As db/sqlite/report-cases.ts; the solve time is bigint arithmetic, read back as a number. */
export function createReportCaseStore(unit: PgUnitOfWork): ReportCaseStore {
  return {
    async listSolvedCases(since, until) {
      const { solvedAt, where } = solvedInPeriod(
        { status: tickets.status, createdAt: tickets.createdAt, resolutionMinutes: ticketDrivers.resolutionMinutes },
        since,
        until,
      );
      const rows = await unit.db
        .select({ ticket: tickets, drivers: ticketDrivers, survey: surveys, solvedAt })
        .from(tickets)
        .innerJoin(ticketDrivers, eq(ticketDrivers.ticketId, tickets.id))
        .leftJoin(surveys, eq(surveys.ticketId, tickets.id))
        .where(where);
      return rows.map(rowToReportCase);
    },
  };
}
