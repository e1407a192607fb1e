/**
 * The bucket arithmetic both backends' sample stores share: a sample's cells as changes to
 * (segment, team, metric, hour) buckets, summed per bucket before anything is written.
 */
import type { AlertMetric } from '../src/domain/alerts/alert-metrics.js';
import { sampleCells, type MetricSample } from '../src/domain/alerts/sample.js';
import type { TeamId } from '../src/domain/alerts/segments.js';
import type { HourRevision, MetricBucket } from '../src/ports/alert-store.js';
import { NO_TEAM } from './schema-alerts.js';

export const teamKey = (team: TeamId): number => team ?? NO_TEAM;
export const teamOf = (key: number): TeamId => (key === NO_TEAM ? null : key);

/** [segment, team key, metric, hour, Δn, Δsum, Δsum of squares]: the bucket upsert's parameters. */
export type CellDelta = [string, number, AlertMetric, number, number, number, number];

/** Adds a sample's cells into `deltas` (one entry per bucket), with `sign` -1 to take it out. */
export function addCells(deltas: Map<string, CellDelta>, sample: MetricSample, sign: 1 | -1): void {
  for (const cell of sampleCells(sample)) {
    if (!Number.isFinite(cell.value))
      throw new RangeError(`sample ${sample.key}: ${cell.metric} must be finite, got ${cell.value}`);
    const team = teamKey(cell.team);
    const id = `${cell.hour}\u0000${team}\u0000${cell.segment}\u0000${cell.metric}`;
    let delta = deltas.get(id);
    if (!delta) {
      delta = [cell.segment, team, cell.metric, cell.hour, 0, 0, 0];
      deltas.set(id, delta);
    }
    delta[4] += sign;
    delta[5] += sign * cell.value;
    delta[6] += sign * cell.value * cell.value;
  }
}

/**
 * The bucket changes in `deltas` that change anything. A cell both a replaced sample and its
 * replacement share nets out in place, so a value changed within the same hour is one
 * update, and an unchanged one none.
 */
export const changed = (deltas: Map<string, CellDelta>): CellDelta[] =>
  [...deltas.values()].filter((d) => d[4] !== 0 || d[5] !== 0 || d[6] !== 0);

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
