import { describe, expect, it } from 'vitest';
import { DEFAULT_SEGMENT_RULES } from '../../../src/domain/alerts/rules.js';
import { WATCHED_HOURS } from './alert-simulation-harness.js';
import { countQuietSeeds, describeCount, rateUpperBound, seedRange } from './false-alarm-rate.js';

/**
 * The second half of the stable streams of alert-simulation.test.ts (seeds 1201-1400; 1001-1200
 * run there): a file of its own so that vitest runs both halves in parallel.
 *
 * ALERT_SIM_STABLE_SEEDS=2000 runs seeds 1001 onwards instead, for the figure in the README:
 *   ALERT_SIM_STABLE_SEEDS=2000 npx vitest run test/domain/alerts/alert-false-alarms.test.ts
 * From 1000 seeds on, it also asserts that the rate's 95 % upper bound is below 1 %.
 */
const requested = Number(process.env.ALERT_SIM_STABLE_SEEDS ?? 0);
const SEEDS = requested > 0 ? seedRange(1001, requested) : seedRange(1201, 200);
const BOUND_FROM_SEEDS = 1000;

describe(`long stable streams (${SEEDS.length} seeds x ${WATCHED_HOURS} hourly evaluations x 64 tests)`, () => {
  it(`DEFAULT rules (alpha ${DEFAULT_SEGMENT_RULES.alpha}): at least 99 % of seeds without an alert`, () => {
    const count = countQuietSeeds(SEEDS);
    console.log(`[stable ${SEEDS[0]}-${SEEDS.at(-1)}] ${describeCount(count)}`);
    expect(count.quiet).toBeGreaterThanOrEqual(Math.ceil(0.99 * count.seeds));
    // 200 seeds can show the rate's level, not bound it: even 0 noisy seeds of 200 leave a
    // 95 % upper bound of 1.5 %. Only a long run can back "below 1 %" with confidence.
    if (count.seeds >= BOUND_FROM_SEEDS)
      expect(rateUpperBound(count.seeds - count.quiet, count.seeds)).toBeLessThan(0.01);
  }, 600_000);
});
