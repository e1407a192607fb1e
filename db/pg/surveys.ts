import { and, count, desc, eq, gte, inArray, isNotNull, lt, sql } from 'drizzle-orm';
import type { NewSurvey, OptOutStore, SurveyStore } from '../../src/ports/survey-store.js';
import { rowToChannelCounts, toColumns, toRecord } from '../survey-rows.js';
import { optOuts, surveys } from './schema.js';
import type { PgUnitOfWork } from './unit-of-work.js';

/**
 * The survey store on PostgreSQL, behaving as db/sqlite/surveys.ts does. `onSurveyChanged`
 * runs in the transaction of every survey write (the dashboard's facts follow it).
 */
export function createSurveyStore(
  unit: PgUnitOfWork,
  onSurveyChanged: (ticketId: number) => Promise<void>,
): SurveyStore {
  const first = async (rows: Promise<Array<typeof surveys.$inferSelect>>) => {
    const [row] = await rows;
    return row ? toRecord(row) : null;
  };
  return {
    async upsertForTicket(survey: NewSurvey, now) {
      const { ticketId, round = 1, ...rest } = survey;
      const columns = { ...toColumns(rest), ticketId, round, updatedAt: now.getTime() };
      const row = await unit.atomically(async () => {
        // One statement decides, whoever else plans the same ticket and round meanwhile: the
        // unique (ticket, round) index makes a concurrent insert wait for this one's commit,
        // then see the survey and update it only if it never went out.
        const [written] = await unit.db
          .insert(surveys)
          .values({ ...(columns as typeof surveys.$inferInsert), createdAt: now.getTime() })
          .onConflictDoUpdate({
            target: [surveys.ticketId, surveys.round],
            set: columns,
            setWhere: inArray(surveys.status, ['cancelled', 'skipped']),
          })
          .returning();
        if (written) await onSurveyChanged(ticketId);
        return written;
      });
      if (!row) throw new Error(`ticket ${ticketId} already has a survey that was sent (round ${round})`);
      return toRecord(row);
    },
    async getByTicket(ticketId) {
      return first(
        unit.db.select().from(surveys).where(eq(surveys.ticketId, ticketId)).orderBy(desc(surveys.round)).limit(1),
      );
    },
    async getById(id) {
      return first(unit.db.select().from(surveys).where(eq(surveys.id, id)));
    },
    async update(id, patch, now) {
      const row = await unit.atomically(async () => {
        const [written] = await unit.db
          .update(surveys)
          .set({ ...toColumns(patch), updatedAt: now.getTime() })
          .where(eq(surveys.id, id))
          .returning();
        if (written) await onSurveyChanged(written.ticketId);
        return written;
      });
      if (!row) throw new Error(`survey ${id} not found`);
      return toRecord(row);
    },
    async latestSentToAddress(address) {
      return first(
        unit.db
          .select()
          .from(surveys)
          .where(and(eq(surveys.address, address), isNotNull(surveys.sentAt)))
          .orderBy(desc(surveys.sentAt), desc(surveys.id))
          .limit(1),
      );
    },
    async findByProviderMessageId(providerMessageId) {
      // SQLite's .get() takes the first row; ids are the provider's and unique in practice.
      return first(
        unit.db
          .select()
          .from(surveys)
          .where(eq(surveys.providerMessageId, providerMessageId))
          .orderBy(surveys.id)
          .limit(1),
      );
    },
    async lastSentToCustomer(customerId) {
      const [row] = await unit.db
        .select({ sentAt: surveys.sentAt })
        .from(surveys)
        .where(and(eq(surveys.customerId, customerId), isNotNull(surveys.sentAt)))
        .orderBy(desc(surveys.sentAt))
        .limit(1);
      return row?.sentAt ? new Date(row.sentAt) : null;
    },
    async countOutcomes() {
      const sent = sql<boolean>`${surveys.sentAt} is not null`;
      const answered = sql<boolean>`${surveys.answeredAt} is not null`;
      return unit.db
        .select({
          channel: surveys.channel,
          journeyRule: surveys.journeyRule,
          status: surveys.status,
          skipRule: surveys.skipRule,
          sent,
          answered,
          count: sql<number>`count(*)`,
        })
        .from(surveys)
        .groupBy(surveys.channel, surveys.journeyRule, surveys.status, surveys.skipRule, sent, answered);
    },

    async countByChannel({ since, until }) {
      const rows = await unit.db
        .select({
          channel: surveys.channel,
          sent: count(),
          answered: sql<number>`sum(case when ${surveys.score} is not null then 1 else 0 end)`,
          withVerbatim: sql<number>`sum(case when ${surveys.verbatim} is not null then 1 else 0 end)`,
        })
        .from(surveys)
        .where(
          and(isNotNull(surveys.channel), gte(surveys.sentAt, since.getTime()), lt(surveys.sentAt, until.getTime())),
        )
        .groupBy(surveys.channel)
        .orderBy(surveys.channel);
      return rows.map(rowToChannelCounts);
    },
  };
}

export function createOptOutStore(unit: PgUnitOfWork): OptOutStore {
  return {
    async isOptedOut(address) {
      const [row] = await unit.db
        .select({ optedOut: optOuts.optedOut })
        .from(optOuts)
        .where(eq(optOuts.address, address));
      return row?.optedOut ?? false;
    },
    async set(address, optedOut, source, now) {
      await unit.db
        .insert(optOuts)
        .values({ address, optedOut, source, updatedAt: now.getTime() })
        .onConflictDoUpdate({ target: optOuts.address, set: { optedOut, source, updatedAt: now.getTime() } });
    },
  };
}
