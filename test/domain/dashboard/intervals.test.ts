import { describe, expect, it } from 'vitest';
import { meanInterval, npsInterval, wilsonInterval } from '../../../src/domain/dashboard/intervals.js';

describe('meanInterval', () => {
  it('is the mean with ±1.96 standard errors from n, sum and sum of squares', () => {
    const scores = [2, 4, 4, 4, 5, 5, 7, 9];
    const sum = scores.reduce((a, b) => a + b, 0);
    const squares = scores.reduce((a, b) => a + b * b, 0);
    const estimate = meanInterval(scores.length, sum, squares)!;
    const mean = 5;
    const sd = Math.sqrt(scores.reduce((a, b) => a + (b - mean) ** 2, 0) / (scores.length - 1));
    expect(estimate.value).toBe(mean);
    expect(estimate.high - mean).toBeCloseTo((1.959964 * sd) / Math.sqrt(8), 9);
    expect(mean - estimate.low).toBeCloseTo((1.959964 * sd) / Math.sqrt(8), 9);
    expect(estimate.n).toBe(8);
  });

  it('has no estimate without answers, and no spread from one answer', () => {
    expect(meanInterval(0, 0, 0)).toBeNull();
    expect(meanInterval(1, 6, 36)).toEqual({ value: 6, low: 6, high: 6, n: 1 });
  });

  it('narrows as answers grow', () => {
    const width = (n: number) => {
      const e = meanInterval(n, 5 * n, 26 * n)!; // values 4 and 6 alternating: mean 5, variance ~1
      return e.high - e.low;
    };
    expect(width(400)).toBeLessThan(width(100) / 1.9);
  });
});

describe('wilsonInterval', () => {
  it('matches the published Wilson interval for 8 of 10', () => {
    const e = wilsonInterval(8, 10)!;
    expect(e.value).toBe(0.8);
    expect(e.low).toBeCloseTo(0.4902, 3);
    expect(e.high).toBeCloseTo(0.9433, 3);
  });

  it('stays within 0 and 1 at the edges', () => {
    const none = wilsonInterval(0, 5)!;
    const all = wilsonInterval(5, 5)!;
    expect(none.low).toBe(0);
    expect(none.high).toBeGreaterThan(0);
    expect(all.high).toBe(1);
    expect(all.low).toBeLessThan(1);
    expect(wilsonInterval(0, 0)).toBeNull();
  });
});

describe('npsInterval', () => {
  it('is promoters minus detractors in points, within -100..100', () => {
    const e = npsInterval(50, 20, 100)!;
    expect(e.value).toBeCloseTo(30, 9);
    expect(e.low).toBeLessThan(30);
    expect(e.high).toBeGreaterThan(30);
    expect(npsInterval(3, 0, 3)!.high).toBe(100);
  });
});
