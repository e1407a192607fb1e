/**
 * Survey row <-> record conversions, shared by SQLite (db/sqlite/surveys.ts) and PostgreSQL
 * (db/pg/surveys.ts): both schemas give rows of the same shape, typed here by the SQLite table.
 */
import type { SurveyChannel, SurveyKind, SurveyStatus } from '../src/domain/survey/survey.js';
import type { ChannelSurveyCounts, SurveyPatch, SurveyRecord } from '../src/ports/survey-store.js';
import type { surveys } from './schema.js';

type Row = typeof surveys.$inferSelect;
const DATE_FIELDS = ['scheduledFor', 'sentAt', 'answeredAt', 'reminderSentAt'] as const;

export function toRecord(row: Row): SurveyRecord {
  const date = (ms: number | null) => (ms === null ? null : new Date(ms));
  return {
    ...row,
    kind: row.kind as SurveyKind,
    channel: row.channel as SurveyChannel | null,
    status: row.status as SurveyStatus,
    scheduledFor: date(row.scheduledFor),
    sentAt: date(row.sentAt),
    answeredAt: date(row.answeredAt),
    reminderSentAt: date(row.reminderSentAt),
    createdAt: new Date(row.createdAt),
    updatedAt: new Date(row.updatedAt),
  };
}

/** Domain dates become epoch milliseconds; every other field maps one to one. */
export function toColumns(patch: SurveyPatch): Partial<Row> {
  const out: Record<string, unknown> = { ...patch };
  for (const field of DATE_FIELDS) {
    const value = patch[field];
    if (value !== undefined) out[field] = value === null ? null : value.getTime();
  }
  return out as Partial<Row>;
}

/** A per-channel count row (a SUM over no rows is null). */
export function rowToChannelCounts(row: {
  channel: string | null;
  sent: number;
  answered: number | null;
  withVerbatim: number | null;
}): ChannelSurveyCounts {
  return {
    channel: row.channel as SurveyChannel,
    sent: row.sent,
    answered: Number(row.answered ?? 0),
    withVerbatim: Number(row.withVerbatim ?? 0),
  };
}
