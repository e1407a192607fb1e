import { and, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { SurveyChannel, SurveyKind, SurveyStatus } from '../../src/domain/survey/survey.js';
import type { NewSurvey, OptOutStore, SurveyPatch, SurveyRecord, SurveyStore } from '../../src/ports/survey-store.js';
import type { SqliteDb } from '../connection.js';
import { optOuts, surveys } from '../schema.js';
import { preparedByShape, preparedOnce } from './prepared.js';

type Row = typeof surveys.$inferSelect;
const DATE_FIELDS = ['scheduledFor', 'sentAt', 'answeredAt'] as const;

function toRecord(row: Row): SurveyRecord {
  const date = (ms: number | null) => (ms === null ? null : new Date(ms));
  return {
    ...row,
    kind: row.kind as SurveyKind,
    channel: row.channel as SurveyChannel | null,
    status: row.status as SurveyStatus,
    scheduledFor: date(row.scheduledFor),
    sentAt: date(row.sentAt),
    answeredAt: date(row.answeredAt),
    createdAt: new Date(row.createdAt),
    updatedAt: new Date(row.updatedAt),
  };
}

/** Domain dates become epoch milliseconds; every other field maps one to one. */
function toColumns(patch: SurveyPatch): Partial<Row> {
  const out: Record<string, unknown> = { ...patch };
  for (const field of DATE_FIELDS) {
    const value = patch[field];
    if (value !== undefined) out[field] = value === null ? null : value.getTime();
  }
  return out as Partial<Row>;
}

export function createSurveyStore(db: SqliteDb): SurveyStore {
  const p = (name: string) => sql.placeholder(name);
  const selectBy = (column: typeof surveys.id | typeof surveys.ticketId | typeof surveys.providerMessageId) =>
    preparedOnce(() =>
      db
        .select()
        .from(surveys)
        .where(eq(column, p('value')))
        .prepare(),
    );
  const byId = selectBy(surveys.id);
  const byTicket = selectBy(surveys.ticketId);
  const byProviderMessage = selectBy(surveys.providerMessageId);
  const record = (row: Row | undefined) => (row ? toRecord(row) : null);
  const upsert = preparedByShape((columns) =>
    db
      .insert(surveys)
      .values({ ...(columns as typeof surveys.$inferInsert), createdAt: p('createdAt') })
      // One survey per ticket ever: only one that never went out may be planned again.
      .onConflictDoUpdate({
        target: surveys.ticketId,
        set: columns,
        setWhere: inArray(surveys.status, ['cancelled', 'skipped']),
      })
      .returning()
      .prepare(),
  );
  const patch = preparedByShape((columns) =>
    db
      .update(surveys)
      .set(columns)
      .where(eq(surveys.id, p('id')))
      .returning()
      .prepare(),
  );
  return {
    async upsertForTicket(survey: NewSurvey, now) {
      const { ticketId, ...rest } = survey;
      const columns = { ...toColumns(rest), ticketId, updatedAt: now.getTime() };
      const { statement, values } = upsert(columns);
      const row = statement.get({ ...values, createdAt: now.getTime() });
      if (!row) throw new Error(`ticket ${ticketId} already has a survey that was sent`);
      return toRecord(row);
    },
    async getByTicket(ticketId) {
      return record(byTicket().get({ value: ticketId }));
    },
    async getById(id) {
      return record(byId().get({ value: id }));
    },
    async update(id, changes, now) {
      const { statement, values } = patch({ ...toColumns(changes), updatedAt: now.getTime() });
      const row = statement.get({ ...values, id });
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
      return record(byProviderMessage().get({ value: providerMessageId }));
    },
    async lastSentToCustomer(customerId) {
      const row = db
        .select({ sentAt: surveys.sentAt })
        .from(surveys)
        .where(and(eq(surveys.customerId, customerId), isNotNull(surveys.sentAt)))
        .orderBy(desc(surveys.sentAt))
        .limit(1)
        .get();
      return row?.sentAt ? new Date(row.sentAt) : null;
    },
  };
}

export function createOptOutStore(db: SqliteDb): OptOutStore {
  return {
    async isOptedOut(address) {
      return (
        db.select({ optedOut: optOuts.optedOut }).from(optOuts).where(eq(optOuts.address, address)).get()?.optedOut ??
        false
      );
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
