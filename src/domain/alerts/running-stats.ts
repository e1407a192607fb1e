/**
 * Mergeable sufficient statistics (count, sum, sum of squares) for one metric
 * in one segment and time bucket.
 *
 * They let aggregates be kept up to date incrementally: add a value when an
 * answer or case arrives, remove it when it leaves a window, and merge
 * per-bucket stats (e.g. hourly) into a recent window or a 28-day baseline
 * without rereading raw data.
 *
 * For rates, feed 0/1 values: the same struct works (sumSquares === sum),
 * mean() is the rate and variance() is the sample Bernoulli variance.
 *
 * All functions are pure and return new objects.
 *
 * Numerical note: variance uses the textbook sumSquares - sum^2/n formula,
 * which loses precision when |mean| is huge relative to the spread. Effortless
 * metrics are bounded (CES 1-7, effort index 0-100, rates 0-1, small per-case
 * counts), so this is far below anything that matters for alerting.
 */
export interface RunningStats {
  n: number;
  sum: number;
  sumSquares: number;
}

export function emptyStats(): RunningStats {
  return { n: 0, sum: 0, sumSquares: 0 };
}

function assertFinite(x: number): void {
  if (!Number.isFinite(x)) throw new RangeError(`RunningStats value must be finite, got ${x}`);
}

export function addValue(stats: RunningStats, x: number): RunningStats {
  assertFinite(x);
  return { n: stats.n + 1, sum: stats.sum + x, sumSquares: stats.sumSquares + x * x };
}

/** Inverse of addValue: removes a value previously added (e.g. leaving a sliding window). */
export function removeValue(stats: RunningStats, x: number): RunningStats {
  assertFinite(x);
  if (stats.n <= 0) throw new RangeError('cannot remove a value from empty RunningStats');
  const n = stats.n - 1;
  // Reset exactly at zero so floating-point residue cannot accumulate forever.
  if (n === 0) return emptyStats();
  return { n, sum: stats.sum - x, sumSquares: stats.sumSquares - x * x };
}

export function mergeStats(a: RunningStats, b: RunningStats): RunningStats {
  return { n: a.n + b.n, sum: a.sum + b.sum, sumSquares: a.sumSquares + b.sumSquares };
}

/** Builds stats from a list of values (convenience for tests and backfills). */
export function statsOf(values: readonly number[]): RunningStats {
  return values.reduce(addValue, emptyStats());
}

/** Arithmetic mean; NaN when empty. */
export function mean(stats: RunningStats): number {
  return stats.n === 0 ? Number.NaN : stats.sum / stats.n;
}

/**
 * Sample variance (denominator n - 1); NaN when n < 2. Clamped at 0 because
 * rounding can make sumSquares - sum^2/n slightly negative for constant data.
 */
export function variance(stats: RunningStats): number {
  if (stats.n < 2) return Number.NaN;
  const centered = stats.sumSquares - (stats.sum * stats.sum) / stats.n;
  return Math.max(0, centered / (stats.n - 1));
}
