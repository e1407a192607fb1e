import fc from 'fast-check';
import { sampleRankCorrelation } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { indexSpearman, rankCorrelation } from '../../../src/domain/effort-model/held-out.js';

describe('rankCorrelation', () => {
  it("equals simple-statistics' Spearman with mid-ranks on data full of ties", () => {
    const pairs = fc.array(fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 1, max: 7 })), {
      minLength: 3,
      maxLength: 400,
    });
    fc.assert(
      fc.property(pairs, (data) => {
        const [x, y] = [data.map(([a]) => a), data.map(([, b]) => b)];
        const expected = sampleRankCorrelation(x, y);
        const actual = rankCorrelation(x, y);
        if (Number.isNaN(expected)) expect(actual).toBeNaN();
        else expect(actual).toBeCloseTo(expected, 10);
      }),
      { numRuns: 300 },
    );
  });

  it('is 1 for the same order, -1 for the reverse, and indexSpearman turns the sign of an index', () => {
    expect(rankCorrelation([1, 2, 3, 4], [10, 20, 30, 40])).toBeCloseTo(1, 12);
    expect(rankCorrelation([1, 2, 3, 4], [40, 30, 20, 10])).toBeCloseTo(-1, 12);
    // A higher index with lower answers is a perfect index.
    expect(indexSpearman([10, 20, 30, 40], [7, 5, 3, 1])).toBeCloseTo(1, 12);
    expect(indexSpearman([5, 5, 5], [1, 4, 7])).toBeNull();
  });
});
