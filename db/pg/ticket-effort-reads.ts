import { and, asc, count, eq, gt, gte, isNotNull, ne } from 'drizzle-orm';
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
      const [[ticketRow], [driverRow]] = await Promise.all([
        unit.db.select().from(tickets).where(eq(tickets.id, ticketId)),
        unit.db.select().from(ticketDrivers).where(eq(ticketDrivers.ticketId, ticketId)),
      ]);
      if (!ticketRow || !driverRow) return null;
      const ticket = rowToTicket(ticketRow);
      const [touchRows, assignmentRows, statusRows] = await Promise.all([
        unit.db.select().from(touches).where(eq(touches.ticketId, ticketId)).orderBy(asc(touches.at), asc(touches.id)),
        unit.db
          .select()
          .from(assignments)
          .where(eq(assignments.ticketId, ticketId))
          .orderBy(asc(assignments.at), asc(assignments.id)),
        unit.db
          .select()
          .from(statusChanges)
          .where(eq(statusChanges.ticketId, ticketId))
          .orderBy(asc(statusChanges.at), asc(statusChanges.id)),
      ]);
      return {
        ticket,
        drivers: rowToDrivers(driverRow),
        score: rowToScore(driverRow),
        computedAt: new Date(driverRow.computedAt),
        timeline: rowsToTimeline(ticket, {
          touches: touchRows,
          assignments: assignmentRows,
          statusChanges: statusRows,
        }),
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
