import { type AnyColumn, and, asc, count, eq, getTableColumns, gt, gte, isNotNull, ne, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { TicketStore } from '../../src/ports/store.js';
import { rowToAnsweredCes, rowToDrivers, rowToScore, rowToTicket, rowsToTimeline } from '../ticket-rows.js';
import { assignments, statusChanges, surveys, ticketDrivers, tickets, touches } from './schema.js';
import type { PgUnitOfWork } from './unit-of-work.js';

type EffortReads = Pick<
  TicketStore,
  | 'getEffort'
  | 'listTicketsNeedingRecompute'
  | 'listTicketsScoredOtherThan'
  | 'countTicketsScoredOtherThan'
  | 'listAnsweredCes'
>;

/** The ticket store's reads of stored effort (db/pg/tickets.ts), as db/sqlite/tickets.ts has them. */
export function createEffortReads(unit: PgUnitOfWork): EffortReads {
  return {
    async getEffort(ticketId) {
      // One statement, so one snapshot: a save of the case committing meanwhile cannot pair
      // its drivers with the timeline it replaced.
      const [row] = await unit.db
        .select({
          ticket: tickets,
          driver: ticketDrivers,
          touches: timelineRowsOf(touches, touches.ticketId, touches.at, touches.id),
          assignments: timelineRowsOf(assignments, assignments.ticketId, assignments.at, assignments.id),
          statusChanges: timelineRowsOf(statusChanges, statusChanges.ticketId, statusChanges.at, statusChanges.id),
        })
        .from(tickets)
        .innerJoin(ticketDrivers, eq(ticketDrivers.ticketId, tickets.id))
        .where(eq(tickets.id, ticketId));
      if (!row) return null;
      const ticket = rowToTicket(row.ticket);
      return {
        ticket,
        drivers: rowToDrivers(row.driver),
        score: rowToScore(row.driver),
        computedAt: new Date(row.driver.computedAt),
        timeline: rowsToTimeline(ticket, row),
      };
    },

    async listTicketsNeedingRecompute(limit) {
      const rows = await unit.db
        .select({ id: tickets.id })
        .from(tickets)
        .where(eq(tickets.needsRecompute, true))
        .orderBy(asc(tickets.id))
        .limit(limit);
      return rows.map((r) => r.id);
    },

    async listTicketsScoredOtherThan(version, afterId, limit) {
      const rows = await unit.db
        .select({ id: ticketDrivers.ticketId })
        .from(ticketDrivers)
        .where(and(ne(ticketDrivers.scoringVersion, version), gt(ticketDrivers.ticketId, afterId)))
        .orderBy(asc(ticketDrivers.ticketId))
        .limit(limit);
      return rows.map((r) => r.id);
    },

    async countTicketsScoredOtherThan(version) {
      const [row] = await unit.db
        .select({ n: count() })
        .from(ticketDrivers)
        .where(ne(ticketDrivers.scoringVersion, version));
      return row?.n ?? 0;
    },

    async listAnsweredCes(since) {
      const rows = await unit.db
        .select({ answeredAt: surveys.answeredAt, ces: surveys.score, driver: ticketDrivers })
        .from(surveys)
        .innerJoin(ticketDrivers, eq(ticketDrivers.ticketId, surveys.ticketId))
        .where(
          and(
            eq(surveys.kind, 'CES'),
            isNotNull(surveys.score),
            isNotNull(surveys.answeredAt),
            gte(surveys.answeredAt, since.getTime()),
          ),
        )
        .orderBy(asc(surveys.answeredAt), asc(surveys.id));
      return rows.map(rowToAnsweredCes);
    },
  };
}

/**
 * The case's rows of one timeline table as a JSON array of objects keyed like drizzle's rows
 * (`auditId`, `isPublic`...), in time order: a subquery of the effort read above.
 */
function timelineRowsOf<T extends PgTable>(table: T, ticketId: AnyColumn, at: AnyColumn, id: AnyColumn) {
  const fields = Object.entries(getTableColumns(table)).map(([key, column]) => sql`${sql.raw(`'${key}'`)}, ${column}`);
  return sql<
    Array<T['$inferSelect']>
  >`coalesce((select json_agg(json_build_object(${sql.join(fields, sql`, `)}) order by ${at}, ${id}) from ${table} where ${ticketId} = ${tickets.id}), '[]'::json)`;
}
