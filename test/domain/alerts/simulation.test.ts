import { describe, expect, it } from 'vitest';
import { compareWindows, DEFAULT_ALPHA, type CompareOptions } from '../../../src/domain/alerts/compare-windows.js';
import { addValue, emptyStats, type RunningStats } from '../../../src/domain/alerts/running-stats.js';
import { bernoulli, mulberry32, normal, type Rng } from '../../../src/domain/alerts/seeded-random.js';

/**
 * Seeded simulations: recent window of 200 samples vs baseline of 2000.
 * Thresholds are fixed seeds' measured results, asserted with the brief's
 * bounds (<= 1 false alarm in 100 stable seeds, >= 95 detections in 100).
 */
const SEEDS = Array.from({ length: 100 }, (_, i) => i + 1);
const RECENT = 200;
const BASELINE = 2000;
const OPTIONS: CompareOptions = { direction: 'higher_is_worse', minRecent: 30, minBaseline: 100, alpha: DEFAULT_ALPHA };

const draw = (rng: Rng, n: number, sample: (rng: Rng) => number): RunningStats => {
  let s = emptyStats();
  for (let i = 0; i < n; i++) s = addValue(s, sample(rng));
  return s;
};

const effort = (mu: number) => (rng: Rng) => normal(rng, mu, 15);
const rate = (p: number) => (rng: Rng) => bernoulli(rng, p);

/** Number of seeds (of 100) whose comparison says 'worse'. */
function countWorse(baselineSample: (rng: Rng) => number, recentSample: (rng: Rng) => number): number {
  return SEEDS.filter((seed) => {
    const rng = mulberry32(seed);
    const baseline = draw(rng, BASELINE, baselineSample);
    const recent = draw(rng, RECENT, recentSample);
    return compareWindows(recent, baseline, OPTIONS).verdict === 'worse';
  }).length;
}

describe('seeded simulations (100 seeds, 200 recent vs 2000 baseline, alpha = DEFAULT_ALPHA)', () => {
  it('stable effort index N(40, 15): at most 1 false alarm', () => {
    expect(countWorse(effort(40), effort(40))).toBeLessThanOrEqual(1);
  });

  it('stable 0/1 rate p = 0.2: at most 1 false alarm', () => {
    expect(countWorse(rate(0.2), rate(0.2))).toBeLessThanOrEqual(1);
  });

  it('step rise in effort index 40 -> 50: detected in at least 95 seeds', () => {
    expect(countWorse(effort(40), effort(50))).toBeGreaterThanOrEqual(95);
  });

  it('step rise in rate 0.2 -> 0.4: detected in at least 80 seeds in a single look', () => {
    // z ~ 5.6 vs critical 4.26 at alpha 1e-5: ~90% in one evaluation; the service looks again every 5 minutes.
    expect(countWorse(rate(0.2), rate(0.4))).toBeGreaterThanOrEqual(80);
  });

  it('step rise in rate 0.2 -> 0.35 at n = 200 is detected less reliably (power limit, not a bug)', () => {
    // Expected power at alpha = 1e-5 is about 50%: z ~ 4.3 vs critical 4.26 (88% at 0.001).
    const detected = countWorse(rate(0.2), rate(0.35));
    expect(detected).toBeGreaterThanOrEqual(30);
    expect(detected).toBeLessThan(100);
  });

  it('a step rise in one team alerts that team only; stable teams stay quiet', () => {
    const teams = ['billing', 'tech', 'onboarding', 'returns', 'vip'];
    const stepped = 'tech';
    let steppedAlerts = 0;
    let otherAlerts = 0;
    for (const seed of SEEDS) {
      const rng = mulberry32(seed);
      for (const team of teams) {
        const baseline = draw(rng, BASELINE, effort(40));
        const recent = draw(rng, RECENT, effort(team === stepped ? 50 : 40));
        const worse = compareWindows(recent, baseline, OPTIONS).verdict === 'worse';
        if (worse && team === stepped) steppedAlerts++;
        if (worse && team !== stepped) otherAlerts++;
      }
    }
    expect(steppedAlerts).toBeGreaterThanOrEqual(95);
    // 400 stable team-windows at alpha 1e-5: expect ~0.004 false alarms.
    expect(otherAlerts).toBeLessThanOrEqual(2);
  });
});
