/**
 * How both backends store a sample's values (alert_samples.metric_values): a JSON array with
 * one place per metric, null where the sample has none, instead of an object naming them.
 * The names were two thirds of a sample row, and a backfill writes millions of rows: the
 * array halves the bytes each commit writes and is quicker to build.
 */
import type { AlertMetric, MetricValues } from '../src/domain/alerts/alert-metrics.js';

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
export const STORED_PLACE: Readonly<Record<string, number | undefined>> = Object.fromEntries(
  STORED_METRICS.map((metric, place) => [metric, place]),
);

/** The stored array of `values` (whose metrics the caller checked: see metricValues). */
export function toStoredValues(values: MetricValues): StoredValues {
  const stored: StoredValues = [];
  for (const metric of STORED_METRICS) stored.push(values[metric] ?? null);
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
