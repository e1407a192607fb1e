import { describe, expect, it } from 'vitest';
import { fitRidge } from '../../../src/domain/effort-model/ridge.js';
import { tQuantile975 } from '../../../src/domain/effort-model/student-t.js';

describe('fitRidge', () => {
  const rows = Array.from({ length: 200 }, (_, i) => [i % 7, (i * 3) % 5, i % 2]);
  const exact = rows.map(([a, b, c]) => 2 + 0.5 * a! - 1.5 * b! + 3 * c!);

  it('recovers exact coefficients from noiseless answers with a light penalty', () => {
    const fit = fitRidge(rows, exact, { lambdas: [1e-6] });
    expect(fit.intercept).toBeCloseTo(2, 4);
    expect(fit.coefficients.map((c) => c!)).toEqual([
      expect.closeTo(0.5, 4),
      expect.closeTo(-1.5, 4),
      expect.closeTo(3, 4),
    ]);
    expect(fit.degreesOfFreedom).toBeCloseTo(4, 4);
  });

  it('shrinks towards zero as the penalty grows, and generalised cross-validation prefers the light one here', () => {
    const light = fitRidge(rows, exact, { lambdas: [1] });
    const heavy = fitRidge(rows, exact, { lambdas: [1000] });
    expect(Math.abs(heavy.coefficients[2]!)).toBeLessThan(Math.abs(light.coefficients[2]!));
    expect(fitRidge(rows, exact, { lambdas: [1000, 1] }).lambda).toBe(1);
  });

  it('gives the same fit, errors included, for rows with counts as for the rows repeated', () => {
    // Noisy answers on a few distinct rows, each repeated 1-4 times.
    const distinct = Array.from({ length: 40 }, (_, i) => [i % 4, (i * 7) % 3, i % 2]);
    const answers = distinct.map(([a, b, c], i) => 4 + 0.3 * a! - 0.8 * b! + c! + (((i * 37) % 11) - 5) / 4);
    const counts = distinct.map((_, i) => 1 + (i % 4));
    const repeated = distinct.flatMap((row, i) => Array.from({ length: counts[i]! }, () => row));
    const repeatedAnswers = answers.flatMap((y, i) => Array.from({ length: counts[i]! }, () => y));
    const grouped = fitRidge(distinct, answers, { counts });
    const plain = fitRidge(repeated, repeatedAnswers);
    expect(grouped.lambda).toBe(plain.lambda);
    expect(grouped.intercept).toBeCloseTo(plain.intercept, 10);
    expect(grouped.degreesOfFreedom).toBeCloseTo(plain.degreesOfFreedom, 10);
    expect(grouped.residualStandardDeviation).toBeCloseTo(plain.residualStandardDeviation, 10);
    grouped.coefficients.forEach((c, j) => expect(c).toBeCloseTo(plain.coefficients[j]!, 10));
    grouped.standardErrors.forEach((e, j) => expect(e).toBeCloseTo(plain.standardErrors[j]!, 10));
  });

  it('leaves a column without variance out', () => {
    const withConstant = rows.map((row) => [...row, 4]);
    const fit = fitRidge(withConstant, exact, { lambdas: [1e-6] });
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
