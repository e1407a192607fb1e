/**
 * Storage for alerts: the samples behind the aggregates, the hourly aggregates themselves,
 * and the alerts with their state. Implemented in db/ (db/sqlite and db/pg).
 */
import type { AlertKind, AlertPatch, AlertRecord, NewAlert } from '../domain/alerts/alert.js';
import type { AlertMetric } from '../domain/alerts/alert-metrics.js';
import type { RunningStats } from '../domain/alerts/running-stats.js';
import type { MetricSample } from '../domain/alerts/sample.js';
import type { TeamId } from '../domain/alerts/segments.js';

/** Sum of the values that fell into one (segment, team, metric) cell in one hour. */
export interface MetricBucket {
  segment: string;
  team: TeamId;
  metric: AlertMetric;
  /** Start of the hour, epoch ms. */
  hour: number;
  stats: RunningStats;
}

/**
 * How many times the buckets of one hour were changed: raised by every write to that hour,
 * so an instance holding the buckets in memory can tell which hours others have changed.
 */
export interface HourRevision {
  /** Start of the hour, epoch ms. */
  hour: number;
  revision: number;
}

export interface AlertSampleStore {
  /**
   * Stores the sample and adds it to the hourly buckets, in one transaction. A sample with
   * the same key is replaced: its values are taken out of their buckets first. Returns the
   * replaced sample (null when new) so in-memory aggregates can do the same, and the
   * revision each hour whose buckets changed reached with this write (none when nothing
   * changed, e.g. the very same sample again), oldest hour first. Inside a transaction the
   * buckets may be written last, just before it commits (PostgreSQL does, so the hour's rows
   * are locked only briefly): `revisions` is complete once the transaction has committed, which
   * is when the in-memory aggregates may mirror the write.
   */
  record(sample: MetricSample): Promise<{ previous: MetricSample | null; revisions: HourRevision[] }>;
  /**
   * The bulk path for backfills: the same as `record` for each sample in turn, in one
   * transaction, with each bucket written once per call. `previous[i]` is what samples[i]
   * replaced (a sample given twice replaces its own first copy).
   */
  recordMany(samples: readonly MetricSample[]): Promise<{ previous: Array<MetricSample | null> }>;
  /** Every bucket whose hour is at or after `sinceHour` (epoch ms). */
  listBuckets(sinceHour: number): Promise<MetricBucket[]>;
  /**
   * The buckets of the given hours (epoch ms) with those hours' revisions, read together in
   * one statement (one snapshot), so the buckets are exactly those of the revisions given.
   * Hours never written are left out.
   */
  readHours(hours: readonly number[]): Promise<{ revisions: HourRevision[]; buckets: MetricBucket[] }>;
  /** The revision of every hour at or after `sinceHour` that was ever written, oldest hour first. */
  listHourRevisions(sinceHour: number): Promise<HourRevision[]>;
  /**
   * Samples in a segment within [from, to), newest first, at most `limit`. `team` narrows
   * to one team (null = unassigned); undefined means every team.
   */
  listSamples(query: { segment: string; team?: TeamId; from: Date; to: Date; limit: number }): Promise<MetricSample[]>;
}

export interface AlertStore {
  /** Creates an alert; at most one open or acknowledged alert per (kind, subject) exists. */
  create(alert: NewAlert, now: Date): Promise<AlertRecord>;
  getById(id: number): Promise<AlertRecord | null>;
  /** The open or acknowledged alert for (kind, subject), if any. */
  findActive(kind: AlertKind, subject: string): Promise<AlertRecord | null>;
  listActive(kind: AlertKind): Promise<AlertRecord[]>;
  /** When the last alert for (kind, subject) was resolved (cooldown); null if never. */
  lastResolvedAt(kind: AlertKind, subject: string): Promise<Date | null>;
  update(id: number, patch: AlertPatch, now: Date): Promise<AlertRecord>;
  /** Newest first, for the CLI and the dashboard. */
  listRecent(limit: number): Promise<AlertRecord[]>;
}
