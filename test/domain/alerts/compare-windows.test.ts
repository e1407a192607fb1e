import { describe, expect, it } from 'vitest';
import {
  compareWindows,
  DEFAULT_ALPHA,
  normalUpperTail,
  type CompareOptions,
} from '../../../src/domain/alerts/compare-windows.js';
import { statsOf } from '../../../src/domain/alerts/running-stats.js';

const HIGHER: CompareOptions = { direction: 'higher_is_worse', minRecent: 30, minBaseline: 100, alpha: DEFAULT_ALPHA };
const LOWER: CompareOptions = { ...HIGHER, direction: 'lower_is_worse' };

/** Deterministic values with exact mean m and spread: m - d, m + d alternating. */
const spread = (n: number, m: number, d: number): number[] =>
  Array.from({ length: n }, (_, i) => (i % 2 ? m + d : m - d));
/** n 0/1 values with exactly k ones. */
const ones = (n: number, k: number): number[] => Array.from({ length: n }, (_, i) => (i < k ? 1 : 0));

describe('normalUpperTail (A&S 7.1.26)', () => {
  it.each([
    [0, 0.5],
    [1.6448536, 0.05],
    [2.3263479, 0.01],
    [3.0902323, 0.001],
    [-1.959964, 0.975],
  ])('P(Z > %d) = %d', (z, p) => {
    expect(normalUpperTail(z)).toBeCloseTo(p, 6);
  });
});

describe('compareWindows', () => {
  it.each([
    { name: 'recent below minRecent', recent: spread(29, 60, 5), baseline: spread(1000, 40, 5) },
    { name: 'baseline below minBaseline', recent: spread(200, 60, 5), baseline: spread(99, 40, 5) },
    { name: 'empty recent', recent: [], baseline: spread(1000, 40, 5) },
  ])('insufficient data: $name', ({ recent, baseline }) => {
    const r = compareWindows(statsOf(recent), statsOf(baseline), HIGHER);
    expect(r.verdict).toBe('insufficient_data');
    expect(r.pValue).toBeNull();
    expect(r.z).toBeNull();
  });

  it('treats minRecent below 2 as 2 (variance needs two samples)', () => {
    const r = compareWindows(statsOf([90]), statsOf(spread(1000, 40, 5)), { ...HIGHER, minRecent: 0 });
    expect(r.verdict).toBe('insufficient_data');
  });

  it.each([
    { name: 'clear rise, higher_is_worse', opts: HIGHER, recent: spread(200, 50, 15), verdict: 'worse' },
    { name: 'clear fall, higher_is_worse', opts: HIGHER, recent: spread(200, 30, 15), verdict: 'normal' },
    { name: 'tiny rise within noise', opts: HIGHER, recent: spread(200, 41, 15), verdict: 'normal' },
    { name: 'clear fall, lower_is_worse', opts: LOWER, recent: spread(200, 30, 15), verdict: 'worse' },
    { name: 'clear rise, lower_is_worse', opts: LOWER, recent: spread(200, 50, 15), verdict: 'normal' },
  ])('$name -> $verdict', ({ opts, recent, verdict }) => {
    const r = compareWindows(statsOf(recent), statsOf(spread(2000, 40, 15)), opts);
    expect(r.verdict).toBe(verdict);
    expect(r.recentMean).toBeCloseTo(Number(recent.reduce((a, b) => a + b, 0) / recent.length), 10);
    expect(r.baselineMean).toBeCloseTo(40, 10);
    expect(r.difference).toBeCloseTo(r.recentMean - 40, 10);
    expect(r.pValue).not.toBeNull();
    expect(r.z).not.toBeNull();
  });

  it('CES average dropping (lower_is_worse) is worse, with signs as documented', () => {
    // baseline CES ~5.5, recent ~4.5
    const r = compareWindows(statsOf(spread(80, 4.5, 1.2)), statsOf(spread(1500, 5.5, 1.2)), LOWER);
    expect(r.verdict).toBe('worse');
    expect(r.difference).toBeCloseTo(-1, 10);
    expect(r.z).toBeGreaterThan(0);
    expect(r.pValue).toBeLessThan(DEFAULT_ALPHA);
  });

  it('share of easy answers dropping (rate, lower_is_worse) is worse', () => {
    const r = compareWindows(statsOf(ones(150, 60)), statsOf(ones(3000, 1800)), LOWER); // 0.4 vs 0.6
    expect(r.verdict).toBe('worse');
  });

  it('reopen rate rising (rate, higher_is_worse) is worse', () => {
    const r = compareWindows(statsOf(ones(200, 70)), statsOf(ones(2000, 400)), HIGHER); // 0.35 vs 0.2
    expect(r.verdict).toBe('worse');
    expect(r.pValue).toBeLessThan(DEFAULT_ALPHA);
  });

  it('a significant rise smaller than minEffect is normal', () => {
    const recent = statsOf(spread(5000, 41, 5));
    const baseline = statsOf(spread(50_000, 40, 5));
    expect(compareWindows(recent, baseline, HIGHER).verdict).toBe('worse');
    const r = compareWindows(recent, baseline, { ...HIGHER, minEffect: 2 });
    expect(r.verdict).toBe('normal');
    expect(r.pValue).toBeLessThan(DEFAULT_ALPHA);
  });

  it('a stricter alpha turns a borderline result normal', () => {
    const recent = statsOf(spread(200, 43.5, 15));
    const baseline = statsOf(spread(2000, 40, 15));
    const loose = compareWindows(recent, baseline, { ...HIGHER, alpha: 0.01 });
    const strict = compareWindows(recent, baseline, { ...HIGHER, alpha: 0.0001 });
    expect(loose.verdict).toBe('worse');
    expect(strict.verdict).toBe('normal');
    expect(strict.pValue).toBe(loose.pValue);
  });

  describe('zero variance in both windows', () => {
    const constant = (n: number, v: number) => statsOf(Array.from({ length: n }, () => v));
    it.each([
      { name: 'equal means', recent: 0, baseline: 0, minEffect: undefined, verdict: 'normal' },
      { name: 'equal rates of 1', recent: 1, baseline: 1, minEffect: undefined, verdict: 'normal' },
      { name: 'worse, no minEffect', recent: 1, baseline: 0, minEffect: undefined, verdict: 'worse' },
      { name: 'worse, at minEffect', recent: 3, baseline: 1, minEffect: 2, verdict: 'worse' },
      { name: 'worse, below minEffect', recent: 2, baseline: 1, minEffect: 2, verdict: 'normal' },
      { name: 'better', recent: 0, baseline: 1, minEffect: undefined, verdict: 'normal' },
    ])('$name -> $verdict', ({ recent, baseline, minEffect, verdict }) => {
      const r = compareWindows(constant(50, recent), constant(500, baseline), { ...HIGHER, minEffect });
      expect(r.verdict).toBe(verdict);
      expect(r.pValue).toBeNull();
      expect(r.z).toBeNull();
      expect(r.difference).toBe(recent - baseline);
    });
  });

  it('only the recent window constant still runs the test', () => {
    const r = compareWindows(statsOf(Array(100).fill(60)), statsOf(spread(2000, 40, 15)), HIGHER);
    expect(r.verdict).toBe('worse');
    expect(r.pValue).not.toBeNull();
  });

  it.each([0, 1, -0.1, Number.NaN])('rejects alpha = %d', (alpha) => {
    expect(() => compareWindows(statsOf([1, 2]), statsOf([1, 2]), { ...HIGHER, alpha })).toThrow(RangeError);
  });

  it('rejects a negative minEffect', () => {
    expect(() => compareWindows(statsOf([1, 2]), statsOf([1, 2]), { ...HIGHER, minEffect: -1 })).toThrow(RangeError);
  });
});
