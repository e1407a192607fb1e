/** The alert tables on PostgreSQL, column for column as db/schema-alerts.ts (see db/pg/schema.ts). */
import { sql } from 'drizzle-orm';
import { bigint, doublePrecision, index, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import type { AlertMetric } from '../../src/domain/alerts/alert-metrics.js';
import type { StoredValues } from '../stored-metric-values.js';

export { NO_TEAM } from '../schema-alerts.js';

/** One contribution to the alert aggregates (MetricSample), one row per sample (see db/schema-alerts.ts). */
export const alertSamples = pgTable(
  'alert_samples',
  {
    /** Kept when the sample is replaced (SQLite's rowid; an identity here). */
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    key: text('key').notNull().unique('alert_samples_key'),
    ticketId: bigint('ticket_id', { mode: 'number' }).notNull(),
    at: bigint('at', { mode: 'number' }).notNull(),
    team: bigint('team', { mode: 'number' }),
    /** Non-team segments in the sample's order ('all' first). */
    segments: jsonb('segments').$type<string[]>().notNull(),
    /** One place per metric (db/stored-metric-values.ts). */
    values: jsonb('metric_values').$type<StoredValues>().notNull(),
  },
  // A window newest first, ties by id, as listSamples orders it.
  (t) => [index('alert_samples_at').on(t.at, t.id)],
);

/** Hourly sums of the sample values per (segment, team, metric); team is NO_TEAM for unassigned. */
export const alertBuckets = pgTable(
  'alert_buckets',
  {
    segment: text('segment').notNull(),
    team: bigint('team', { mode: 'number' }).notNull(),
    metric: text('metric').$type<AlertMetric>().notNull(),
    /** Start of the hour, epoch ms. */
    hour: bigint('hour', { mode: 'number' }).notNull(),
    n: bigint('n', { mode: 'number' }).notNull(),
    sum: doublePrecision('sum').notNull(),
    sumSquares: doublePrecision('sum_squares').notNull(),
  },
  // Hour first: listBuckets(sinceHour) reads a key range without another index, and the
  // cells one sample touches (same hour and team) sit side by side, so recording one dirties
  // a page or two instead of one per cell.
  (t) => [primaryKey({ name: 'alert_buckets_pk', columns: [t.hour, t.team, t.segment, t.metric] })],
);

/** A counter per hour of alert_buckets, raised with every change to that hour (see db/schema-alerts.ts). */
export const alertHourRevisions = pgTable('alert_hour_revisions', {
  /** Start of the hour, epoch ms. */
  hour: bigint('hour', { mode: 'number' }).primaryKey(),
  revision: bigint('revision', { mode: 'number' }).notNull(),
});

/** Alerts and their state; at most one open or acknowledged alert per (kind, subject). */
export const alerts = pgTable(
  'alerts',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    kind: text('kind', { enum: ['metric', 'low_score'] }).notNull(),
    subject: text('subject').notNull(),
    ticketId: bigint('ticket_id', { mode: 'number' }),
    status: text('status', { enum: ['open', 'acknowledged', 'resolved'] }).notNull(),
    metrics: jsonb('metrics').$type<AlertMetric[]>().notNull().default(sql`'[]'::jsonb`),
    openedAt: bigint('opened_at', { mode: 'number' }).notNull(),
    acknowledgedBy: text('acknowledged_by'),
    acknowledgedAt: bigint('acknowledged_at', { mode: 'number' }),
    resolvedAt: bigint('resolved_at', { mode: 'number' }),
    lastNotifiedAt: bigint('last_notified_at', { mode: 'number' }).notNull(),
    slackChannel: text('slack_channel'),
    slackTs: text('slack_ts'),
    view: jsonb('view'),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
  },
  (t) => [
    uniqueIndex('alerts_active_subject').on(t.kind, t.subject).where(sql`status != 'resolved'`),
    index('alerts_subject_resolved').on(t.kind, t.subject, t.resolvedAt),
    index('alerts_opened').on(t.openedAt, t.id),
  ],
);
