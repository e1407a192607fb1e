import { and, eq, gte, inArray, isNotNull, lt, sql } from 'drizzle-orm';
import type { ReportCaseStore } from '../../src/ports/report-store.js';
import { rowToReportCase } from '../report-case-rows.js';
import { surveys, ticketDrivers, tickets } from './schema.js';
import type { PgUnitOfWork } from './unit-of-work.js';

/**
 * A case's solve time is its creation plus the resolution minutes the drivers recorded (the
 * last solve), as in db/sqlite/report-cases.ts; bigint arithmetic, read back as a number.
 */
export function createReportCaseStore(unit: PgUnitOfWork): ReportCaseStore {
  const solvedAt = sql<number>`${tickets.createdAt} + ${ticketDrivers.resolutionMinutes} * 60000`;
  return {
    async listSolvedCases(since, until) {
      const rows = await unit.db
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
        );
      return rows.map(rowToReportCase);
    },
  };
}
