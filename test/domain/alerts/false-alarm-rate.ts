import { describeEvents, simulate } from './alert-simulation-harness.js';

/**
 * Counting false alarms on stable streams (no rise anywhere), at the default rules.
 *
 * Cadence: the service evaluates every 5 minutes (and after each answer). The aggregates are
 * hourly, so the evaluations inside one hour share all but the samples of the current hour;
 * hourly evaluations are the coarsest realistic cadence. More looks can only add false
 * alarms, so these counts are a lower bound for the 5-minute schedule.
 */
export interface QuietCount {
  seeds: number;
  /** Seeds without any alert in the 72 watched hours. */
  quiet: number;
  /** One line per noisy seed: its first alert. */
  firstAlerts: string[];
  /** Noisy seeds by the metrics of their first alert. */
  byMetric: Map<string, number>;
}

export function countQuietSeeds(seeds: readonly number[]): QuietCount {
  const count: QuietCount = { seeds: seeds.length, quiet: 0, firstAlerts: [], byMetric: new Map() };
  for (const seed of seeds) {
    const events = simulate(seed, undefined, { until: 'first-alert' });
    if (events.length === 0) {
      count.quiet++;
      continue;
    }
    count.firstAlerts.push(`${seed}: ${describeEvents(events)}`);
    for (const metric of events[0]!.metrics) count.byMetric.set(metric, (count.byMetric.get(metric) ?? 0) + 1);
  }
  return count;
}

/** Seeds from..from+count-1. */
export const seedRange = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

/**
 * One-sided upper confidence bound on a rate seen `k` times in `n` (Clopper-Pearson): the
 * rate at which `k` or fewer would be seen with probability 1 - confidence. Seeds are
 * independent draws of the same stream model, so noisy seeds are binomial in the rate.
 */
export function rateUpperBound(k: number, n: number, confidence = 0.95): number {
  const atMostK = (p: number) => {
    let term = (1 - p) ** n;
    let sum = term;
    for (let i = 1; i <= k; i++) {
      term *= ((n - i + 1) / i) * (p / (1 - p));
      sum += term;
    }
    return sum;
  };
  let low = k / n;
  let high = 1;
  for (let step = 0; step < 60; step++) {
    const mid = (low + high) / 2;
    if (atMostK(mid) > 1 - confidence) low = mid;
    else high = mid;
  }
  return high;
}

export function describeCount(count: QuietCount): string {
  const noisy = count.seeds - count.quiet;
  const bound = rateUpperBound(noisy, count.seeds);
  const metrics = [...count.byMetric].map(([m, n]) => `${m} ${n}`).join(', ');
  return (
    `seeds without any alert in 3 days: ${count.quiet}/${count.seeds}; false-alarm rate ${pct(noisy / count.seeds)} ` +
    `(95 % upper bound ${pct(bound)}); first alerts by metric: ${metrics || 'none'}${count.firstAlerts.length ? `; ${count.firstAlerts.join(' | ')}` : ''}`
  );
}

const pct = (x: number) => `${(100 * x).toFixed(2)} %`;
