/**
 * How both backends store a sample's values (alert_samples.metric_values): a JSON array with
 * one place per metric, null where the sample has none, instead of an object naming them.
 * The names were two thirds of a sample row, and a backfill writes millions of rows: the
 * array halves the bytes each commit writes and is quicker to build.
 */
import type { AlertMetric, MetricValues } from '../src/domain/alerts/alert-metrics.js';
import type { MetricSample } from '../src/domain/alerts/sample.js';

/**
 * The metric of each place. Stored rows depend on this order: append a new metric at the
 * end, never reorder or remove (a shorter array from before reads as "no value" for it).
 */
export const STORED_METRICS = [
  'ces_average',
  'ces_easy_share',
  'effort_index',
  'channel_switches',
  'team_handoffs',
  'reopen_rate',
  'repeat_contact_rate',
  'first_contact_resolution_rate',
] as const satisfies readonly AlertMetric[];

export type StoredValues = Array<number | null>;

/** A metric's place in the stored array (undefined for a name that is no metric). */
const STORED_PLACE: Readonly<Record<string, number | undefined>> = Object.fromEntries(
  STORED_METRICS.map((metric, place) => [metric, place]),
);

/**
 * The stored array of a sample's values, refusing a value that is not finite or a metric
 * with no place (before anything is written). Both recording paths check values here only.
 */
export function toStoredValues(sample: Pick<MetricSample, 'key' | 'values'>): StoredValues {
  const stored: StoredValues = [null, null, null, null, null, null, null, null]; // one per STORED_METRICS (tested)
  const values = sample.values as Record<string, number | undefined>;
  for (const metric in values) {
    const value = values[metric];
    if (value === undefined) continue;
    const place = STORED_PLACE[metric];
    if (place === undefined) throw new RangeError(`sample ${sample.key}: ${metric} is not an alert metric`);
    if (!Number.isFinite(value)) throw new RangeError(`sample ${sample.key}: ${metric} must be finite, got ${value}`);
    stored[place] = value;
  }
  return stored;
}

/** The values back from their stored array, without the metrics that had none. */
export function fromStoredValues(stored: StoredValues): MetricValues {
  const values: MetricValues = {};
  stored.forEach((value, place) => {
    const metric = STORED_METRICS[place];
    if (metric !== undefined && value !== null) values[metric] = value;
  });
  return values;
}
