import { describe, expect, it } from 'vitest';
import { fitRidge } from '../../../src/domain/effort-model/ridge.js';
import { tQuantile975 } from '../../../src/domain/effort-model/student-t.js';

describe('fitRidge', () => {
  const rows = Array.from({ length: 200 }, (_, i) => [i % 7, (i * 3) % 5, i % 2]);
  const exact = rows.map(([a, b, c]) => 2 + 0.5 * a! - 1.5 * b! + 3 * c!);

  it('recovers exact coefficients from noiseless answers with a light penalty', () => {
    const fit = fitRidge(rows, exact, [1e-6]);
    expect(fit.intercept).toBeCloseTo(2, 4);
    expect(fit.coefficients.map((c) => c!)).toEqual([
      expect.closeTo(0.5, 4),
      expect.closeTo(-1.5, 4),
      expect.closeTo(3, 4),
    ]);
    expect(fit.degreesOfFreedom).toBeCloseTo(4, 4);
  });

  it('shrinks towards zero as the penalty grows, and generalised cross-validation prefers the light one here', () => {
    const light = fitRidge(rows, exact, [1]);
    const heavy = fitRidge(rows, exact, [1000]);
    expect(Math.abs(heavy.coefficients[2]!)).toBeLessThan(Math.abs(light.coefficients[2]!));
    expect(fitRidge(rows, exact, [1000, 1]).lambda).toBe(1);
  });

  it('leaves a column without variance out', () => {
    const withConstant = rows.map((row) => [...row, 4]);
    const fit = fitRidge(withConstant, exact, [1e-6]);
    expect(fit.coefficients[3]).toBeNull();
    expect(fit.standardErrors[3]).toBeNull();
    expect(fit.coefficients[0]).toBeCloseTo(0.5, 4);
  });

  it('falls back to the mean when no column varies', () => {
    const fit = fitRidge(
      rows.map(() => [1, 1]),
      exact,
    );
    expect(fit.coefficients).toEqual([null, null]);
    expect(fit.intercept).toBeCloseTo(exact.reduce((s, v) => s + v, 0) / exact.length, 10);
  });

  it('refuses too few rows', () => {
    expect(() => fitRidge([[1], [2]], [1, 2])).toThrow(/at least 3 rows/);
  });
});

describe('tQuantile975', () => {
  it.each([
    [10, 2.228],
    [30, 2.042],
    [100, 1.984],
    [300, 1.968],
  ])('with %i degrees of freedom is %f', (df, expected) => {
    expect(tQuantile975(df)).toBeCloseTo(expected, 3);
  });

  it('is unbounded without degrees of freedom', () => {
    expect(tQuantile975(0)).toBe(Number.POSITIVE_INFINITY);
  });
});
