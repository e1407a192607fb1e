import { describe, expect, it } from 'vitest';
import { quantile } from '../../bench/bench-report.js';

describe('quantile (nearest rank)', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 .. 1, unsorted on purpose

  it('takes the 99th of 100 values as their p99, not the largest', () => {
    expect(quantile(hundred, 0.99)).toBe(99);
    expect(quantile(hundred, 1)).toBe(100);
  });

  it('takes the lower middle of an even count as the p50, and the smallest as p0', () => {
    expect(quantile([4, 1, 3, 2], 0.5)).toBe(2);
    expect(quantile([4, 1, 3, 2], 0)).toBe(1);
  });

  it('gives the one value of a single sample at every quantile, and NaN for none', () => {
    expect(quantile([7], 0.99)).toBe(7);
    expect(quantile([], 0.5)).toBeNaN();
  });
});
