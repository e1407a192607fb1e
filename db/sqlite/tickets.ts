import { and, asc, count, eq, gt, gte, inArray, isNotNull, ne } from 'drizzle-orm';
import type { TicketStore } from '../../src/ports/store.js';
import type { SqliteDb } from '../connection.js';
import { customers, surveys, ticketAudits, ticketDrivers, tickets } from '../schema.js';
import {
  auditToRow,
  chunks,
  effortToDriverRow,
  rowToAnsweredCes,
  rowToAudit,
  rowToCustomer,
  rowToDrivers,
  rowToScore,
  rowToTicket,
  rowsToTimeline,
  ticketToRow,
  timelineToRows,
} from '../ticket-rows.js';
import { ticketStatements } from './ticket-statements.js';

/**
 * `onEffortSaved` runs inside the transaction that stores a case's effort (the dashboard's
 * facts follow it there); tests that need no dashboard leave it out.
 */
export function createTicketStore(db: SqliteDb, onEffortSaved: (ticketId: number) => void = () => {}): TicketStore {
  const s = ticketStatements(db);
  const { touches: touchRows, assignments: assignmentRows, statusChanges: statusRows } = s.timeline;
  return {
    async upsertTicket(ticket, syncedAt) {
      const { statement, values } = (syncedAt ? s.upsertSyncedTicket : s.upsertBackfilledTicket)(
        ticketToRow(ticket, syncedAt),
      );
      statement.run(values);
    },

    async getTicket(ticketId) {
      const row = s.ticketById().get({ id: ticketId });
      return row ? rowToTicket(row) : null;
    },

    async upsertCustomer(customer, now) {
      const { statement, values } = s.upsertCustomer({ ...customer, updatedAt: now.getTime() });
      statement.run(values);
    },

    async getCustomer(customerId) {
      const row = s.customerById().get({ id: customerId });
      return row ? rowToCustomer(row) : null;
    },

    async getCustomerRefreshedAt(customerId) {
      const row = db
        .select({ updatedAt: customers.updatedAt })
        .from(customers)
        .where(eq(customers.id, customerId))
        .get();
      return row ? new Date(row.updatedAt) : null;
    },

    async replaceAudits(ticketId, audits) {
      db.transaction(() => {
        s.deleteAudits().run({ id: ticketId });
        for (const audit of audits) {
          const { statement, values } = s.insertAudit(auditToRow(audit));
          statement.run(values);
        }
      });
    },

    async addAudits(audits) {
      if (audits.length === 0) return 0;
      return db.transaction((tx) => {
        const changedTickets = new Set<number>();
        let addedCount = 0;
        for (const part of chunks(audits.map(auditToRow))) {
          const added = tx
            .insert(ticketAudits)
            .values(part)
            .onConflictDoNothing()
            .returning({ ticketId: ticketAudits.ticketId })
            .all();
          addedCount += added.length;
          for (const row of added) changedTickets.add(row.ticketId);
        }
        // Only tickets that really got new audits need their drivers computed again.
        for (const part of chunks([...changedTickets])) {
          tx.update(tickets).set({ needsRecompute: true }).where(inArray(tickets.id, part)).run();
        }
        return addedCount;
      });
    },

    async listAudits(ticketId) {
      return s.auditsOf().all({ id: ticketId }).map(rowToAudit);
    },

    async listRequesterTickets(requesterId, exceptTicketId) {
      return s
        .requesterTickets()
        .all({ requesterId, exceptId: exceptTicketId })
        .map((r) => ({ createdAt: new Date(r.createdAt), formId: r.formId, tags: r.tags }));
    },

    async saveEffort(ticketId, timeline, drivers, score, now, scoringVersion = '', auditCount) {
      const rows = timelineToRows(timeline);
      const driverRow = effortToDriverRow(ticketId, drivers, score, now, scoringVersion);
      db.transaction(() => {
        for (const [table, tableRows] of [
          [touchRows, rows.touches],
          [assignmentRows, rows.assignments],
          [statusRows, rows.statusChanges],
        ] as const) {
          table.clear().run({ id: ticketId });
          for (const row of tableRows) {
            const { statement, values } = table.insert(row);
            statement.run(values);
          }
        }
        const upsert = s.upsertDrivers(driverRow);
        upsert.statement.run(upsert.values);
        if (auditCount === undefined) s.clearNeedsRecompute().run({ id: ticketId });
        else s.clearNeedsRecomputeUnlessAudited().run({ id: ticketId, auditCount });
        onEffortSaved(ticketId);
      });
    },

    async getEffort(ticketId) {
      const ticketRow = s.ticketById().get({ id: ticketId });
      const driverRow = s.driversOf().get({ id: ticketId });
      if (!ticketRow || !driverRow) return null;
      const ticket = rowToTicket(ticketRow);
      const timeline = rowsToTimeline(ticket, {
        touches: touchRows.of().all({ id: ticketId }),
        assignments: assignmentRows.of().all({ id: ticketId }),
        statusChanges: statusRows.of().all({ id: ticketId }),
      });
      return {
        ticket,
        drivers: rowToDrivers(driverRow),
        score: rowToScore(driverRow),
        computedAt: new Date(driverRow.computedAt),
        timeline,
      };
    },

    async listTicketsNeedingRecompute(limit) {
      return db
        .select({ id: tickets.id })
        .from(tickets)
        .where(eq(tickets.needsRecompute, true))
        .orderBy(asc(tickets.id))
        .limit(limit)
        .all()
        .map((r) => r.id);
    },

    async listTicketsScoredOtherThan(version, afterId, limit) {
      return db
        .select({ id: ticketDrivers.ticketId })
        .from(ticketDrivers)
        .where(and(ne(ticketDrivers.scoringVersion, version), gt(ticketDrivers.ticketId, afterId)))
        .orderBy(asc(ticketDrivers.ticketId))
        .limit(limit)
        .all()
        .map((r) => r.id);
    },

    async countTicketsScoredOtherThan(version) {
      const row = db.select({ n: count() }).from(ticketDrivers).where(ne(ticketDrivers.scoringVersion, version)).get();
      return row?.n ?? 0;
    },

    async listAnsweredCes(since) {
      return db
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
        .orderBy(asc(surveys.answeredAt), asc(surveys.id))
        .all()
        .map(rowToAnsweredCes);
    },

    async setEffortStateKey(ticketId, stateKey) {
      s.setEffortStateKey().run({ id: ticketId, stateKey });
    },
  };
}
