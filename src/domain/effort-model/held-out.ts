import { type EffortWeights, effortIndexOf } from '../effort-index.js';
import type { AnsweredCase } from './types.js';

/**
 * Spearman correlation between the answers and an index (sign turned: 1 = the index orders
 * cases exactly as their answers do, higher index with lower CES). Ties share mid-ranks.
 * Null when either side has no variance.
 */
export function indexSpearman(indexes: readonly number[], answers: readonly number[]): number | null {
  if (indexes.length < 3 || indexes.length !== answers.length) return null;
  const rho = rankCorrelation(
    indexes.map((index) => -index),
    answers,
  );
  return Number.isFinite(rho) ? rho : null;
}

/**
 * Spearman's rank correlation with mid-ranks for ties (as simple-statistics'
 * sampleRankCorrelation, which the tests check it against), computed over the distinct
 * (x, y) pairs with their counts. Indexes are whole points and answers 1-7, so tens of
 * thousands of cases are a few hundred pairs: no per-case sort, no per-case arrays.
 */
export function rankCorrelation(x: readonly number[], y: readonly number[]): number {
  const pairs = new Map<number | string, { x: number; y: number; n: number }>();
  for (let i = 0; i < x.length; i += 1) {
    const [xi, yi] = [x[i]!, y[i]!];
    // A number for whole indexes and 0-15 answers (the usual case), text for anything else.
    const key = Number.isSafeInteger(xi) && Number.isInteger(yi) && yi >= 0 && yi < 16 ? xi * 16 + yi : `${xi}|${yi}`;
    const pair = pairs.get(key);
    if (pair) pair.n += 1;
    else pairs.set(key, { x: xi, y: yi, n: 1 });
  }
  const rankX = midRanks([...pairs.values()].map((pair) => [pair.x, pair.n]));
  const rankY = midRanks([...pairs.values()].map((pair) => [pair.y, pair.n]));
  let [n, sumX, sumY] = [0, 0, 0];
  for (const pair of pairs.values()) {
    n += pair.n;
    sumX += pair.n * rankX.get(pair.x)!;
    sumY += pair.n * rankY.get(pair.y)!;
  }
  const [meanX, meanY] = [sumX / n, sumY / n];
  let [sxy, sxx, syy] = [0, 0, 0];
  for (const pair of pairs.values()) {
    const dx = rankX.get(pair.x)! - meanX;
    const dy = rankY.get(pair.y)! - meanY;
    sxy += pair.n * dx * dy;
    sxx += pair.n * dx * dx;
    syy += pair.n * dy * dy;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/** Each distinct value's mid-rank (1-based; ties share the mean of their ranks), from (value, count) entries. */
function midRanks(entries: ReadonlyArray<readonly [number, number]>): Map<number, number> {
  const counts = new Map<number, number>();
  for (const [value, count] of entries) counts.set(value, (counts.get(value) ?? 0) + count);
  const ranks = new Map<number, number>();
  let below = 0;
  for (const value of [...counts.keys()].sort((a, b) => a - b)) {
    const count = counts.get(value)!;
    ranks.set(value, below + (count + 1) / 2);
    below += count;
  }
  return ranks;
}

/** The fold a case at `position` is dealt into: by position, so the same cases give the same folds. */
export function foldOf(position: number, folds: number): number {
  return position % folds;
}

/**
 * Each case scored by weights fitted without it: the cases are dealt into `folds` folds by
 * position (foldOf), and the weights for fold k come from `fitWeightsWithout(k)`, fitted to
 * the cases of every other fold.
 */
export function heldOutIndexes(
  cases: readonly AnsweredCase[],
  folds: number,
  fitWeightsWithout: (fold: number) => EffortWeights,
): number[] {
  const weights = Array.from({ length: folds }, (_, fold) => fitWeightsWithout(fold));
  return cases.map((answered, i) => effortIndexOf(answered.drivers, weights[foldOf(i, folds)]!));
}
