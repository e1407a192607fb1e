import { describe, expect, it } from 'vitest';
import {
  addValue,
  emptyStats,
  mean,
  mergeStats,
  removeValue,
  statsOf,
  variance,
  type RunningStats,
} from '../../../src/domain/alerts/running-stats.js';
import { bernoulli, mulberry32, normal } from '../../../src/domain/alerts/seeded-random.js';

const close = (a: RunningStats, b: RunningStats): void => {
  expect(a.n).toBe(b.n);
  expect(a.sum).toBeCloseTo(b.sum, 8);
  expect(a.sumSquares).toBeCloseTo(b.sumSquares, 6);
};

describe('running stats', () => {
  it('empty stats have n = 0 and NaN mean/variance', () => {
    expect(emptyStats()).toEqual({ n: 0, sum: 0, sumSquares: 0 });
    expect(mean(emptyStats())).toBeNaN();
    expect(variance(statsOf([3]))).toBeNaN();
  });

  it.each([
    { values: [1, 2, 3, 4], mean: 2.5, variance: 5 / 3 },
    { values: [7, 7, 7], mean: 7, variance: 0 },
    { values: [0, 1, 0, 0, 1], mean: 0.4, variance: 0.3 },
    { values: [40, 55, 25], mean: 40, variance: 225 },
  ])('mean and sample variance of $values', ({ values, mean: m, variance: v }) => {
    const s = statsOf(values);
    expect(mean(s)).toBeCloseTo(m, 12);
    expect(variance(s)).toBeCloseTo(v, 12);
  });

  it('0/1 values keep sumSquares equal to sum', () => {
    const s = statsOf([1, 0, 1, 1, 0]);
    expect(s.sumSquares).toBe(s.sum);
  });

  it.each([
    { a: [], b: [] },
    { a: [1, 2], b: [] },
    { a: [], b: [5] },
    { a: [1, 2, 3], b: [10, -4, 2.5] },
    { a: [0, 1, 1], b: [1, 0, 0, 0] },
  ])('merging $a with $b equals adding all values', ({ a, b }) => {
    close(mergeStats(statsOf(a), statsOf(b)), statsOf([...a, ...b]));
  });

  it('merge equals adding all on random streams (seeded)', () => {
    const rng = mulberry32(7);
    const xs = Array.from({ length: 500 }, () => normal(rng, 40, 15));
    const ys = Array.from({ length: 300 }, () => normal(rng, 45, 10));
    const merged = mergeStats(statsOf(xs), statsOf(ys));
    close(merged, statsOf([...xs, ...ys]));
    expect(variance(merged)).toBeCloseTo(variance(statsOf([...xs, ...ys])), 8);
  });

  it.each([[[4]], [[1, 2, 3]], [[0, 1, 1, 0]], [[12.5, -3, 99]]])('remove inverts add for %j', (values) => {
    const base = statsOf([2, 9, 4]);
    const added = values.reduce(addValue, base);
    const removed = values.reduce(removeValue, added);
    close(removed, base);
  });

  it('removing the last value returns exact empty stats', () => {
    expect(removeValue(addValue(emptyStats(), 0.1), 0.1)).toEqual(emptyStats());
  });

  it('sliding window via add/remove matches recomputation', () => {
    const rng = mulberry32(11);
    const stream = Array.from({ length: 400 }, () => bernoulli(rng, 0.2));
    let window = emptyStats();
    stream.forEach((x, i) => {
      window = addValue(window, x);
      const leaving = stream[i - 100];
      if (leaving !== undefined) window = removeValue(window, leaving);
    });
    close(window, statsOf(stream.slice(-100)));
  });

  it('rejects invalid operations', () => {
    expect(() => removeValue(emptyStats(), 1)).toThrow(RangeError);
    expect(() => addValue(emptyStats(), Number.NaN)).toThrow(RangeError);
  });

  it('is pure', () => {
    const s = statsOf([1, 2]);
    addValue(s, 3);
    mergeStats(s, s);
    expect(s).toEqual({ n: 2, sum: 3, sumSquares: 5 });
  });
});

describe('seeded random', () => {
  it('is deterministic per seed and in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(mulberry32(43)()).not.toBe(xs[0]);
  });

  it('normal() has roughly the requested mean and sd', () => {
    const rng = mulberry32(1);
    const s = statsOf(Array.from({ length: 20_000 }, () => normal(rng, 40, 15)));
    expect(mean(s)).toBeGreaterThan(39.5);
    expect(mean(s)).toBeLessThan(40.5);
    expect(Math.sqrt(variance(s))).toBeGreaterThan(14.6);
    expect(Math.sqrt(variance(s))).toBeLessThan(15.4);
  });
});
