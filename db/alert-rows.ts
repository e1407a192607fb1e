/** Alert rows to records and patches to columns, the same on both backends (epoch-ms dates). */
import type { AlertPatch, AlertRecord } from '../src/domain/alerts/alert.js';
import type { alerts } from './schema-alerts.js';

/** An alerts row (SQLite's types; PostgreSQL's rows have the same shape). */
export type Row = typeof alerts.$inferSelect;
const DATE_FIELDS = ['acknowledgedAt', 'resolvedAt', 'lastNotifiedAt'] as const;

export function toRecord(row: Row): AlertRecord {
  const date = (ms: number | null) => (ms === null ? null : new Date(ms));
  return {
    ...row,
    openedAt: new Date(row.openedAt),
    acknowledgedAt: date(row.acknowledgedAt),
    resolvedAt: date(row.resolvedAt),
    lastNotifiedAt: new Date(row.lastNotifiedAt),
    createdAt: new Date(row.createdAt),
    updatedAt: new Date(row.updatedAt),
  };
}

/** Domain dates become epoch milliseconds; every other field maps one to one. */
export function toColumns(patch: AlertPatch): Partial<Row> {
  const out: Record<string, unknown> = { ...patch };
  for (const field of DATE_FIELDS) {
    const value = patch[field];
    if (value !== undefined) out[field] = value === null ? null : value.getTime();
  }
  return out as Partial<Row>;
}
