/**
 * The alert tables (see src/ports/alert-store.ts), next to db/schema.ts. Times are integer
 * epoch milliseconds; JSON columns hold plain data. Migrations are generated from both files.
 */
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { AlertMetric } from '../src/domain/alerts/alert-metrics.js';
import type { StoredValues } from './stored-metric-values.js';

/**
 * Stands for "no team" (TeamId null) where the team is part of a key: SQL NULLs never
 * equal each other, so a null team would give one bucket per sample. Zendesk group ids
 * are positive, so -1 cannot clash. The port maps it back to null.
 */
export const NO_TEAM = -1;

/**
 * One contribution to the alert aggregates (MetricSample), replaced when its key comes again.
 * One row per sample and nothing else: a window of a segment is read through the `at` index,
 * the segment and team checked on the row. (A row per (sample, segment) in an index table of
 * its own made every sample three b-tree entries more; a backfill spent most of its time on
 * them, while a window is read only when an alert is built.)
 */
export const alertSamples = sqliteTable(
  'alert_samples',
  {
    /** The rowid; replacing a sample keeps it. */
    id: integer('id').primaryKey(),
    key: text('key').notNull().unique('alert_samples_key'),
    ticketId: integer('ticket_id').notNull(),
    at: integer('at').notNull(),
    team: integer('team'),
    /** Non-team segments in the sample's order ('all' first). */
    segments: text('segments', { mode: 'json' }).$type<string[]>().notNull(),
    /** One place per metric (db/stored-metric-values.ts). */
    values: text('metric_values', { mode: 'json' }).$type<StoredValues>().notNull(),
  },
  // (at, rowid): a window newest first, ties by id, as listSamples orders it.
  (t) => [index('alert_samples_at').on(t.at)],
);

/** Hourly sums of the sample values per (segment, team, metric); team is NO_TEAM for unassigned. */
export const alertBuckets = sqliteTable(
  'alert_buckets',
  {
    segment: text('segment').notNull(),
    team: integer('team').notNull(),
    metric: text('metric').$type<AlertMetric>().notNull(),
    /** Start of the hour, epoch ms. */
    hour: integer('hour').notNull(),
    n: integer('n').notNull(),
    sum: real('sum').notNull(),
    sumSquares: real('sum_squares').notNull(),
  },
  // Hour first: listBuckets(sinceHour) reads a key range without another index, and the
  // cells one sample touches (same hour and team) sit side by side, so recording one dirties
  // a page or two instead of one per cell.
  (t) => [primaryKey({ name: 'alert_buckets_pk', columns: [t.hour, t.team, t.segment, t.metric] })],
);

/**
 * A counter per hour of alert_buckets, raised in the transaction that changes any bucket of
 * that hour. An instance that keeps the buckets in memory compares the counters with the
 * ones it read and reloads only the hours another instance (or process) changed.
 */
export const alertHourRevisions = sqliteTable('alert_hour_revisions', {
  /** Start of the hour, epoch ms. */
  hour: integer('hour').primaryKey(),
  revision: integer('revision').notNull(),
});

/** Alerts and their state; at most one open or acknowledged alert per (kind, subject). */
export const alerts = sqliteTable(
  'alerts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: ['metric', 'low_score'] }).notNull(),
    subject: text('subject').notNull(),
    ticketId: integer('ticket_id'),
    status: text('status', { enum: ['open', 'acknowledged', 'resolved'] }).notNull(),
    metrics: text('metrics', { mode: 'json' }).$type<AlertMetric[]>().notNull().default(sql`'[]'`),
    openedAt: integer('opened_at').notNull(),
    acknowledgedBy: text('acknowledged_by'),
    acknowledgedAt: integer('acknowledged_at'),
    resolvedAt: integer('resolved_at'),
    lastNotifiedAt: integer('last_notified_at').notNull(),
    slackChannel: text('slack_channel'),
    slackTs: text('slack_ts'),
    view: text('view', { mode: 'json' }),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('alerts_active_subject').on(t.kind, t.subject).where(sql`status != 'resolved'`),
    index('alerts_subject_resolved').on(t.kind, t.subject, t.resolvedAt),
    index('alerts_opened').on(t.openedAt, t.id),
  ],
);
