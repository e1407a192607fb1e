import type { AlertMetric } from './alert-metrics.js';
import { emptyStats, type RunningStats } from './running-stats.js';
import { HOUR_MS, hourStart, sampleCells, type MetricSample } from './sample.js';
import type { TeamId } from './segments.js';

function toStats([n, sum, sumSquares]: [number, number, number]): RunningStats {
  return n > 0 ? { n, sum, sumSquares } : emptyStats();
}

/** An hour whose sums may differ from the stored ones (no stored revision is negative). */
const STALE = -1;

/** A recent window and the baseline before it, both in whole hours of the aggregates. */
export interface AlertWindow {
  recentHours: number;
  baselineDays: number;
}

/** One (segment, team, metric) series summed over a recent window and its baseline. */
export interface WindowedSeries {
  segment: string;
  team: TeamId;
  metric: AlertMetric;
  recent: RunningStats;
  baseline: RunningStats;
}

interface Series {
  segment: string;
  team: TeamId;
  metric: AlertMetric;
  /** hour start (epoch ms) -> [n, sum, sumSquares] */
  hours: Map<number, [number, number, number]>;
}

/** Hour bounds of a window at `now`: recent = [recentFrom, now], baseline = [baselineFrom, recentFrom). */
export function windowBounds(now: Date, window: AlertWindow): { recentFrom: number; baselineFrom: number } {
  // The current (partial) hour counts as one of the recent hours, so the recent window
  // spans between recentHours - 1 and recentHours of wall time.
  const recentFrom = hourStart(now) - (window.recentHours - 1) * HOUR_MS;
  return { recentFrom, baselineFrom: recentFrom - window.baselineDays * 24 * HOUR_MS };
}

/**
 * Hourly sums per (segment, team, metric), kept in memory and updated sample by sample.
 * Loaded once from the stored buckets; summing a 24 h + 28 day window reads at most
 * ~700 hour cells per series, whatever the number of stored answers.
 */
export class MetricAggregates {
  private readonly series = new Map<string, Series>();
  /**
   * Each hour's stored revision (HourRevision in src/ports/alert-store.ts) that these sums hold
   * exactly; STALE when they may differ from the store and the hour must be read again.
   */
  private readonly revisions = new Map<number, number>();

  get seriesCount(): number {
    return this.series.size;
  }

  addBucket(bucket: { segment: string; team: TeamId; metric: AlertMetric; hour: number; stats: RunningStats }): void {
    this.addToCell(
      bucket.segment,
      bucket.team,
      bucket.metric,
      bucket.hour,
      bucket.stats.n,
      bucket.stats.sum,
      bucket.stats.sumSquares,
    );
  }

  /** Adds a sample (sign 1) or takes a replaced one out again (sign -1). */
  applySample(sample: MetricSample, sign: 1 | -1): void {
    for (const cell of sampleCells(sample)) {
      this.addToCell(
        cell.segment,
        cell.team,
        cell.metric,
        cell.hour,
        sign,
        sign * cell.value,
        sign * cell.value * cell.value,
      );
    }
  }

  /** The hours whose stored revision differs from the one these sums hold. */
  staleHours(stored: ReadonlyArray<{ hour: number; revision: number }>): number[] {
    return stored.filter((r) => this.revisions.get(r.hour) !== r.revision).map((r) => r.hour);
  }

  /** Replaces whole hours by their stored buckets, read together with their revisions. */
  replaceHours(
    revisions: ReadonlyArray<{ hour: number; revision: number }>,
    buckets: ReadonlyArray<Parameters<MetricAggregates['addBucket']>[0]>,
  ): void {
    const hours = new Set(revisions.map((r) => r.hour));
    for (const [key, series] of this.series) {
      for (const hour of hours) series.hours.delete(hour);
      if (series.hours.size === 0) this.series.delete(key);
    }
    for (const bucket of buckets) this.addBucket(bucket);
    for (const { hour, revision } of revisions) this.revisions.set(hour, revision);
  }

  /**
   * A change this process wrote to `hour`, which took it to `revision`: applied when these
   * sums hold exactly the revision before (or nothing of an hour never written); skipped when
   * they were read at this revision or later already; otherwise the hour is marked stale, to
   * be read again, because another writer's change came in between.
   */
  applyWritten(hour: number, revision: number, apply: () => void): void {
    const held = this.revisions.get(hour) ?? 0;
    if (held === revision - 1) {
      apply();
      this.revisions.set(hour, revision);
    } else if (held < revision) this.revisions.set(hour, STALE);
  }

  /** Drops hours before `hour`: no window reaches them any more. */
  prune(beforeHour: number): void {
    for (const hour of this.revisions.keys()) if (hour < beforeHour) this.revisions.delete(hour);
    for (const [key, series] of this.series) {
      for (const hour of series.hours.keys()) if (hour < beforeHour) series.hours.delete(hour);
      if (series.hours.size === 0) this.series.delete(key);
    }
  }

  /** Every series summed over the window at `now`; `filter` skips series early. */
  windowed(now: Date, window: AlertWindow, filter?: (segment: string, team: TeamId) => boolean): WindowedSeries[] {
    const { recentFrom, baselineFrom } = windowBounds(now, window);
    const end = hourStart(now);
    const result: WindowedSeries[] = [];
    for (const series of this.series.values()) {
      if (filter && !filter(series.segment, series.team)) continue;
      const recent: [number, number, number] = [0, 0, 0];
      const baseline: [number, number, number] = [0, 0, 0];
      for (const [hour, cell] of series.hours) {
        if (hour > end || hour < baselineFrom) continue;
        const into = hour >= recentFrom ? recent : baseline;
        into[0] += cell[0];
        into[1] += cell[1];
        into[2] += cell[2];
      }
      result.push({
        segment: series.segment,
        team: series.team,
        metric: series.metric,
        recent: toStats(recent),
        baseline: toStats(baseline),
      });
    }
    return result;
  }

  private addToCell(
    segment: string,
    team: TeamId,
    metric: AlertMetric,
    hour: number,
    n: number,
    sum: number,
    sq: number,
  ): void {
    const key = `${segment}\u0000${team ?? ''}\u0000${metric}`;
    let series = this.series.get(key);
    if (!series) {
      series = { segment, team, metric, hours: new Map() };
      this.series.set(key, series);
    }
    const cell = series.hours.get(hour);
    if (!cell) {
      if (n > 0) series.hours.set(hour, [n, sum, sq]);
      return;
    }
    cell[0] += n;
    cell[1] += sum;
    cell[2] += sq;
    // An emptied cell (and series) is removed outright, so float residue cannot linger.
    if (cell[0] <= 0) series.hours.delete(hour);
    if (series.hours.size === 0) this.series.delete(key);
  }
}
