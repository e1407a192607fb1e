import { and, count, desc, eq, gte, inArray, isNotNull, lt, sql } from 'drizzle-orm';
import type { NewSurvey, OptOutStore, SurveyStore } from '../../src/ports/survey-store.js';
import type { SqliteDb } from '../connection.js';
import { optOuts, surveys } from '../schema.js';
import { rowToChannelCounts, toColumns, toRecord } from '../survey-rows.js';
import { preparedByShape, preparedOnce } from './prepared.js';

const p = (name: string) => sql.placeholder(name);

/** `onSurveyChanged` runs in the transaction of every survey write (the dashboard's facts follow it). */
export function createSurveyStore(db: SqliteDb, onSurveyChanged: (ticketId: number) => void = () => {}): SurveyStore {
  // Prepared once (or once per set of columns written): built per call they were 2-3 % of the drain's CPU.
  const selectById = preparedOnce(() =>
    db
      .select()
      .from(surveys)
      .where(eq(surveys.id, p('id')))
      .prepare(),
  );
  const byId = (id: number) => {
    const row = selectById().get({ id });
    return row ? toRecord(row) : null;
  };
  const latestOfTicket = preparedOnce(() =>
    db
      .select()
      .from(surveys)
      .where(eq(surveys.ticketId, p('ticketId')))
      .orderBy(desc(surveys.round))
      .limit(1)
      .prepare(),
  );
  const lastSentTo = preparedOnce(() =>
    db
      .select({ sentAt: surveys.sentAt })
      .from(surveys)
      .where(and(eq(surveys.customerId, p('customerId')), isNotNull(surveys.sentAt)))
      .orderBy(desc(surveys.sentAt))
      .limit(1)
      .prepare(),
  );
  const upsert = preparedByShape((columns) => {
    const { createdAt: _created, ...set } = columns;
    return (
      db
        .insert(surveys)
        .values(columns as typeof surveys.$inferInsert)
        // One survey per ticket and round: only one that never went out may be planned again.
        .onConflictDoUpdate({
          target: [surveys.ticketId, surveys.round],
          set,
          setWhere: inArray(surveys.status, ['cancelled', 'skipped']),
        })
        .returning()
        .prepare()
    );
  });
  const patchOf = preparedByShape((columns) =>
    db
      .update(surveys)
      .set(columns)
      .where(eq(surveys.id, p('surveyId')))
      .returning()
      .prepare(),
  );
  return {
    async upsertForTicket(survey: NewSurvey, now) {
      const { ticketId, round = 1, ...rest } = survey;
      const columns = { ...toColumns(rest), ticketId, round, updatedAt: now.getTime(), createdAt: now.getTime() };
      const row = db.transaction(() => {
        const { statement, values } = upsert(columns);
        const written = statement.get(values);
        if (written) onSurveyChanged(ticketId);
        return written;
      });
      if (!row) throw new Error(`ticket ${ticketId} already has a survey that was sent (round ${round})`);
      return toRecord(row);
    },
    async getByTicket(ticketId) {
      const row = latestOfTicket().get({ ticketId });
      return row ? toRecord(row) : null;
    },
    async getById(id) {
      return byId(id);
    },
    async update(id, patch, now) {
      const row = db.transaction(() => {
        const { statement, values } = patchOf({ ...toColumns(patch), updatedAt: now.getTime() });
        const written = statement.get({ ...values, surveyId: id });
        if (written) onSurveyChanged(written.ticketId);
        return written;
      });
      if (!row) throw new Error(`survey ${id} not found`);
      return toRecord(row);
    },
    async latestSentToAddress(address) {
      const row = db
        .select()
        .from(surveys)
        .where(and(eq(surveys.address, address), isNotNull(surveys.sentAt)))
        .orderBy(desc(surveys.sentAt), desc(surveys.id))
        .limit(1)
        .get();
      return row ? toRecord(row) : null;
    },
    async findByProviderMessageId(providerMessageId) {
      const row = db.select().from(surveys).where(eq(surveys.providerMessageId, providerMessageId)).get();
      return row ? toRecord(row) : null;
    },
    async lastSentToCustomer(customerId) {
      const row = lastSentTo().get({ customerId });
      return row?.sentAt ? new Date(row.sentAt) : null;
    },
    async countOutcomes() {
      // Counted as surveys change, by the triggers of db/migrations/0011_survey_outcome_counts.sql
      // (a GROUP BY over every survey took a second at a million of them, on the only thread).
      const rows = db.all<{
        channel: string;
        journeyRule: number;
        status: string;
        skipRule: string;
        sent: number;
        answered: number;
        count: number;
      }>(sql`select channel, journey_rule as journeyRule, status, skip_rule as skipRule, sent, answered, n as count
             from survey_outcome_counts where n > 0`);
      return rows.map((row) => ({
        channel: row.channel || null,
        journeyRule: row.journeyRule === -1 ? null : row.journeyRule,
        status: row.status,
        skipRule: row.skipRule || null,
        sent: Boolean(row.sent),
        answered: Boolean(row.answered),
        count: row.count,
      }));
    },

    async countByChannel({ since, until }) {
      const rows = db
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
        .orderBy(surveys.channel)
        .all();
      return rows.map(rowToChannelCounts);
    },
  };
}

export function createOptOutStore(db: SqliteDb): OptOutStore {
  const optedOut = preparedOnce(() =>
    db
      .select({ optedOut: optOuts.optedOut })
      .from(optOuts)
      .where(eq(optOuts.address, p('address')))
      .prepare(),
  );
  return {
    async isOptedOut(address) {
      return optedOut().get({ address })?.optedOut ?? false;
    },
    async set(address, optedOut, source, now) {
      const values = { address, optedOut, source, updatedAt: now.getTime() };
      db.insert(optOuts)
        .values(values)
        .onConflictDoUpdate({ target: optOuts.address, set: { optedOut, source, updatedAt: now.getTime() } })
        .run();
    },
  };
}
