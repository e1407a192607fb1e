/** 95% intervals for the dashboard's averages and shares. */
const Z95 = 1.959964;

export interface Estimate {
  value: number;
  low: number;
  high: number;
  n: number;
}

/**
 * Mean with a normal-approximation 95% interval from n, the sum and the sum of squares
 * (what the daily cells keep). Null without data; a single answer gets a zero-width band
 * only when it is all there is, so callers show n beside it.
 */
export function meanInterval(n: number, sum: number, sumSquares: number): Estimate | null {
  if (n <= 0) return null;
  const mean = sum / n;
  if (n === 1) return { value: mean, low: mean, high: mean, n };
  const variance = Math.max(0, (sumSquares - n * mean * mean) / (n - 1));
  const half = Z95 * Math.sqrt(variance / n);
  return { value: mean, low: mean - half, high: mean + half, n };
}

/** Share of `hits` in `n` with the Wilson score 95% interval (sound for small n and shares near 0 or 1). */
export function wilsonInterval(hits: number, n: number): Estimate | null {
  if (n <= 0) return null;
  const p = hits / n;
  const z2 = Z95 * Z95;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (Z95 * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  return { value: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half), n };
}

/**
 * Net Promoter Score (-100..100) with a 95% interval: the score is the mean of +100
 * (promoter), 0 (passive) and -100 (detractor) per answer.
 */
export function npsInterval(promoters: number, detractors: number, n: number): Estimate | null {
  if (n <= 0) return null;
  const sum = 100 * (promoters - detractors);
  const sumSquares = 10_000 * (promoters + detractors);
  const estimate = meanInterval(n, sum, sumSquares);
  return estimate && { ...estimate, low: Math.max(-100, estimate.low), high: Math.min(100, estimate.high) };
}
