import { describe, expect, it } from 'vitest';
import { DEFAULT_SEGMENT_RULES } from '../../../src/domain/alerts/rules.js';
import {
  aggregatesByHour,
  evaluationTime,
  simulate,
  streamOptions,
  WATCH_FROM,
  WATCHED_HOURS,
} from './alert-simulation-harness.js';
import { PrefixSumAggregates } from './prefix-sum-aggregates.js';

/**
 * The simulations count on PrefixSumAggregates standing in for MetricAggregates fed sample
 * by sample (the service's way, an order of magnitude slower). Checked here on two seeds: one with a team
 * rise whose alert opens, is updated and resolves, one stable seed that raises a false alarm.
 */
const NOISY_STABLE_SEED = 1013;
const RECOVERY = {
  seed: 1101,
  rise: { team: 12, fromHour: WATCH_FROM, toHour: WATCH_FROM + 24, teamHandoffsMean: 1.0 },
};

describe('PrefixSumAggregates', () => {
  it('sums the same series, in the same order, as MetricAggregates fed sample by sample, at the end of every watched hour', () => {
    const options = streamOptions(RECOVERY.seed, RECOVERY.rise);
    const fast = aggregatesByHour(options, 'prefix-sums');
    const reference = aggregatesByHour(options, 'sample-by-sample');
    for (let hour = 0; hour < WATCHED_HOURS; hour++) {
      const now = evaluationTime(hour);
      expect(fast(now).windowed(now, DEFAULT_SEGMENT_RULES), `watched hour ${hour}`).toEqual(
        reference(now).windowed(now, DEFAULT_SEGMENT_RULES),
      );
    }
  });

  // Same windowed series make the same alerts (evaluateSegments reads nothing else); this
  // checks the whole path once more, on another seed.
  it('gives a simulation the same alerts as MetricAggregates', () => {
    const fast = simulate(NOISY_STABLE_SEED, undefined);
    expect(fast.length).toBeGreaterThan(0);
    expect(fast).toEqual(simulate(NOISY_STABLE_SEED, undefined, { feed: 'sample-by-sample' }));
  });

  it('refuses what it does not model: a time inside an hour, samples added afterwards', () => {
    const sums = PrefixSumAggregates.ofStream({ ...streamOptions(1), hours: 48 });
    expect(() => sums.windowed(new Date(evaluationTime(0).getTime() - 60_000), DEFAULT_SEGMENT_RULES)).toThrow(
      /not the last millisecond/,
    );
    expect(() => sums.applySample()).toThrow(/whole stream/);
  });
});
