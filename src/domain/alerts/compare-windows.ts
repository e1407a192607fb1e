import { mean, mergeStats, variance, type RunningStats } from './running-stats.js';

/**
 * Decides whether a metric in a recent window (default: last 24 hours) is
 * significantly worse than in its baseline (default: the 28 days before).
 *
 * Test: one-sided Welch test.
 *   z = (mean_recent - mean_baseline) / sqrt(var_recent / n_recent + var_baseline / n_baseline)
 * signed so that positive z means "worse", with the p-value taken from the
 * standard normal distribution instead of Student's t with Welch-Satterthwaite
 * degrees of freedom. Why the normal approximation is fine here: alerts need a
 * minimum sample (dozens of answers or cases in the recent window, hundreds to
 * thousands in the baseline), and at those sizes the t distribution is within
 * rounding of the normal (e.g. at df = 100 the one-sided 0.001 critical value
 * is 3.17 vs 3.09). For 0/1 rates this is the usual two-proportion z-test with
 * unpooled variances, which needs roughly n*p and n*(1-p) >= 5-10 in each
 * window: choose minRecent accordingly. Below ~30 recent samples the
 * approximation is anti-conservative, so keep minRecent >= 30.
 *
 * Welch (unequal variances) rather than a pooled t-test because a step change
 * in a segment typically changes the spread too, and the windows have very
 * different sizes.
 */

/**
 * Default one-sided significance level.
 *
 * Deliberately tiny: the alert job evaluates many segments (teams, channels,
 * tags) x 8 metrics every 5 minutes and after every answer, so a conventional
 * 0.05 would raise false alarms constantly: many tests (multiple comparisons),
 * and many looks at overlapping 24 h windows whose data changes a little each
 * time. Measured with seeded stable streams (test/domain/alerts/
 * alert-simulation.test.ts: 4 teams, 3 channels, 64 tests, 72 hourly
 * evaluations; 300 seeds), seeds with any false alarm in 3 days: 0.001 -> 92,
 * 0.0001 -> 7, 2e-5 -> 3, 1e-5 -> 1. A real rise still passes 1e-5 within
 * hours (a team's handoffs 0.2 -> 1.0 per case: 4-15 h at ~100 cases a day).
 */
export const DEFAULT_ALPHA = 0.00001;

export type Direction = 'higher_is_worse' | 'lower_is_worse';
export type Verdict = 'insufficient_data' | 'normal' | 'worse';

export interface CompareOptions {
  direction: Direction;
  /** Minimum samples (answers or cases) in the recent window; values below 2 are treated as 2. */
  minRecent: number;
  /** Minimum samples in the baseline window; values below 2 are treated as 2. */
  minBaseline: number;
  /** One-sided significance level, in (0, 1). Use DEFAULT_ALPHA unless there is a reason. */
  alpha: number;
  /**
   * Smallest absolute difference (in the metric's unit, in the worse
   * direction) the lead cares about. Default 0: any significant worsening.
   */
  minEffect?: number;
  /**
   * Use the larger of the unpooled (Welch) standard error and the pooled one (both windows
   * merged: the variance under "no change", as the classic two-proportion z-test has it).
   * For 0/1 rates a small recent window with an extreme share (3 of 31) has a tiny sample
   * variance and makes the unpooled test overconfident; the larger of the two is the
   * conservative choice either way.
   */
  pooled?: boolean;
}

export interface Comparison {
  verdict: Verdict;
  recentMean: number;
  baselineMean: number;
  /** recentMean - baselineMean (raw sign, independent of direction); NaN when a window is empty. */
  difference: number;
  /**
   * One-sided p-value for "recent is worse than baseline". null when data are
   * insufficient or both windows have zero variance (no test is possible;
   * the verdict then follows the exact difference and minEffect).
   */
  pValue: number | null;
  /** Test statistic, positive = worse. null whenever pValue is null. */
  z: number | null;
}

export function compareWindows(recent: RunningStats, baseline: RunningStats, options: CompareOptions): Comparison {
  const { direction, alpha } = options;
  const minEffect = options.minEffect ?? 0;
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0, 1), got ${alpha}`);
  if (!(minEffect >= 0)) throw new RangeError(`minEffect must be >= 0, got ${minEffect}`);

  const recentMean = mean(recent);
  const baselineMean = mean(baseline);
  const difference = recentMean - baselineMean;
  // Results are written out in full rather than spread from a shared object: on Node 20 a
  // spread followed by more properties takes V8's slow path, longer than the test itself.

  if (recent.n < Math.max(2, options.minRecent) || baseline.n < Math.max(2, options.minBaseline)) {
    return { verdict: 'insufficient_data', recentMean, baselineMean, difference, pValue: null, z: null };
  }

  // Difference oriented so that positive means worse.
  const worsening = direction === 'higher_is_worse' ? difference : -difference;
  const unpooled = Math.sqrt(variance(recent) / recent.n + variance(baseline) / baseline.n);
  const standardError = options.pooled
    ? Math.max(unpooled, Math.sqrt(variance(mergeStats(recent, baseline)) * (1 / recent.n + 1 / baseline.n)))
    : unpooled;

  if (!(standardError > 0)) {
    // Both windows constant: the difference is exact, no test needed.
    const verdict: Verdict = worsening > 0 && worsening >= minEffect ? 'worse' : 'normal';
    return { verdict, recentMean, baselineMean, difference, pValue: null, z: null };
  }

  const z = worsening / standardError;
  const pValue = normalUpperTail(z);
  const verdict: Verdict = pValue < alpha && worsening > 0 && worsening >= minEffect ? 'worse' : 'normal';
  return { verdict, recentMean, baselineMean, difference, pValue, z };
}

/** P(Z > z) for a standard normal Z. */
export function normalUpperTail(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

/**
 * Complementary error function, Abramowitz & Stegun, Handbook of Mathematical
 * Functions (1964), formula 7.1.26: erf(x) = 1 - (a1 t + ... + a5 t^5) e^{-x^2},
 * t = 1 / (1 + p x), x >= 0, absolute error <= 1.5e-7. Computing erfc directly
 * (instead of 1 - erf) keeps small tail probabilities meaningful; 1.5e-7 is
 * negligible next to alphas around 1e-3.
 */
function erfc(x: number): number {
  if (x < 0) return 2 - erfc(-x);
  const t = 1 / (1 + 0.3275911 * x);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return poly * Math.exp(-x * x);
}
