/**
 * The bucket arithmetic both backends' sample stores share: a sample's cells as changes to
 * (segment, team, metric, hour) buckets, summed per bucket before anything is written.
 */
import type { AlertMetric } from '../src/domain/alerts/alert-metrics.js';
import { hourStart, type MetricSample } from '../src/domain/alerts/sample.js';
import type { TeamId } from '../src/domain/alerts/segments.js';
import type { HourRevision, MetricBucket } from '../src/ports/alert-store.js';
import { NO_TEAM } from './schema-alerts.js';
import { STORED_METRICS, type StoredValues, toStoredValues } from './stored-metric-values.js';

export const teamKey = (team: TeamId): number => team ?? NO_TEAM;
export const teamOf = (key: number): TeamId => (key === NO_TEAM ? null : key);

/** [segment, team key, metric, hour, Δn, Δsum, Δsum of squares]: the bucket upsert's parameters. */
export type CellDelta = [string, number, AlertMetric, number, number, number, number];

/** The summed changes of one (hour, team, segment): [Δn, Δsum, Δsum of squares] per metric. */
interface SegmentDeltas {
  segment: string;
  team: number;
  hour: number;
  metrics: Map<AlertMetric, [number, number, number]>;
}

/**
 * Bucket changes summed per bucket before anything is written, grouped by (hour, team,
 * segment): a sample's cells share its hour and team, so a sample costs one map lookup per
 * segment instead of one string key per cell (that was a third of a backfill's CPU).
 */
export type BucketDeltas = Map<string, SegmentDeltas>;

/** Adds [n, sum, sum of squares] per metric to the buckets of each segment of one (hour, team). */
function addSums(
  deltas: BucketDeltas,
  hour: number,
  team: number,
  segments: readonly string[],
  sums: ReadonlyMap<AlertMetric, readonly [number, number, number]>,
): void {
  const prefix = `${hour}\u0000${team}\u0000`;
  for (const segment of segments) {
    const id = prefix + segment;
    let group = deltas.get(id);
    if (!group) {
      group = { segment, team, hour, metrics: new Map() };
      deltas.set(id, group);
    }
    for (const [metric, [n, sum, sumSquares]] of sums) {
      let delta = group.metrics.get(metric);
      if (!delta) {
        delta = [0, 0, 0];
        group.metrics.set(metric, delta);
      }
      delta[0] += n;
      delta[1] += sum;
      delta[2] += sumSquares;
    }
  }
}

/** Adds a sample's cells into `deltas` (one entry per bucket), with `sign` -1 to take it out. */
export function addCells(deltas: BucketDeltas, sample: MetricSample, sign: 1 | -1): void {
  const sums = new Map<AlertMetric, [number, number, number]>();
  toStoredValues(sample).forEach((value, place) => {
    if (value !== null) sums.set(STORED_METRICS[place] as AlertMetric, [sign, sign * value, sign * value * value]);
  });
  addSums(deltas, hourStart(sample.at), teamKey(sample.team), sample.segments, sums);
}

/** The value of `key` in `map`, made and added first if missing. */
function entry<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}

interface SampleGroup {
  sample: MetricSample;
  sums: Float64Array;
}

/**
 * New samples summed per (hour, team, segment list) before they are spread over their
 * segments' buckets: a backfill's samples share a few hundred such groups per batch, so a
 * sample costs three map lookups and a few additions instead of a lookup per cell
 * (recordMany's arithmetic).
 */
export class SampleSums {
  private readonly groups = new Map<number, Map<number, Map<string, SampleGroup>>>();

  /** Adds a new sample: its segment list and values as stored (toStoredValues checked them). */
  add(sample: MetricSample, segmentsJson: string, values: StoredValues): void {
    const hour = hourStart(sample.at);
    const team = teamKey(sample.team);
    const bySegments = entry(
      entry(this.groups, hour, () => new Map()),
      team,
      () => new Map<string, SampleGroup>(),
    );
    const { sums } = entry(bySegments, segmentsJson, () => ({
      sample,
      sums: new Float64Array(3 * STORED_METRICS.length),
    }));
    // [n, sum, sum of squares] of each metric at 3 * its stored place.
    for (let place = 0; place < values.length; place += 1) {
      const value = values[place];
      if (value === null || value === undefined) continue;
      const at = 3 * place;
      sums[at] = (sums[at] as number) + 1;
      sums[at + 1] = (sums[at + 1] as number) + value;
      sums[at + 2] = (sums[at + 2] as number) + value * value;
    }
  }

  /** Adds every group's sums into `deltas`. */
  into(deltas: BucketDeltas): void {
    for (const [hour, byTeam] of this.groups)
      for (const [team, bySegments] of byTeam)
        for (const { sample, sums } of bySegments.values()) {
          const metrics = new Map<AlertMetric, [number, number, number]>();
          STORED_METRICS.forEach((metric, place) => {
            const n = sums[3 * place] as number;
            if (n > 0) metrics.set(metric, [n, sums[3 * place + 1] as number, sums[3 * place + 2] as number]);
          });
          addSums(deltas, hour, team, sample.segments, metrics);
        }
  }
}

/**
 * The bucket changes in `deltas` that change anything. A cell both a replaced sample and its
 * replacement share nets out in place, so a value changed within the same hour is one
 * update, and an unchanged one none.
 */
export function changed(deltas: BucketDeltas): CellDelta[] {
  const rows: CellDelta[] = [];
  for (const { segment, team, hour, metrics } of deltas.values())
    for (const [metric, [n, sum, sumSquares]] of metrics)
      if (n !== 0 || sum !== 0 || sumSquares !== 0) rows.push([segment, team, metric, hour, n, sum, sumSquares]);
  return rows;
}

/** A stored bucket row as the port gives it (NO_TEAM back to null). */
export const toBucket = (row: {
  segment: string;
  team: number;
  metric: AlertMetric;
  hour: number;
  n: number;
  sum: number;
  sumSquares: number;
}): MetricBucket => ({
  segment: row.segment,
  team: teamOf(row.team),
  metric: row.metric,
  hour: row.hour,
  stats: { n: row.n, sum: row.sum, sumSquares: row.sumSquares },
});

/** readHours' rows (an hour's revision joined with each of its buckets, none for an empty hour) grouped. */
export function hoursRead(
  rows: Array<{
    hour: number;
    revision: number;
    bucket: { segment: string; team: number; metric: AlertMetric; n: number; sum: number; sumSquares: number } | null;
  }>,
): { revisions: HourRevision[]; buckets: MetricBucket[] } {
  const revisions = new Map<number, number>();
  const buckets: MetricBucket[] = [];
  for (const { hour, revision, bucket } of rows) {
    revisions.set(hour, revision);
    if (bucket) buckets.push(toBucket({ ...bucket, hour }));
  }
  return {
    revisions: [...revisions].map(([hour, revision]) => ({ hour, revision })).sort((a, b) => a.hour - b.hour),
    buckets,
  };
}
