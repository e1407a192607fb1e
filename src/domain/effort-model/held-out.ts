import { sampleRankCorrelation } from 'simple-statistics';
import { scoreEffort, type EffortWeights } from '../effort-index.js';
import type { AnsweredCase } from './types.js';

/**
 * Spearman correlation between the answers and an index (sign turned: 1 = the index orders
 * cases exactly as their answers do, higher index with lower CES). Ties share mid-ranks.
 * Null when either side has no variance.
 */
export function indexSpearman(indexes: readonly number[], answers: readonly number[]): number | null {
  if (indexes.length < 3) return null;
  const rho = sampleRankCorrelation(
    indexes.map((index) => -index),
    [...answers],
  );
  return Number.isFinite(rho) ? rho : null;
}

/**
 * Each case scored by weights fitted without it: the cases are dealt into `folds` folds by
 * position, and the weights for fold k come from `fitWeights` on the other folds.
 */
export function heldOutIndexes(
  cases: readonly AnsweredCase[],
  folds: number,
  fitWeights: (training: AnsweredCase[]) => EffortWeights,
): number[] {
  const indexes = new Array<number>(cases.length).fill(0);
  for (let fold = 0; fold < folds; fold += 1) {
    const training = cases.filter((_, i) => i % folds !== fold);
    const weights = fitWeights(training);
    cases.forEach((answered, i) => {
      if (i % folds === fold) indexes[i] = scoreEffort(answered.drivers, weights).index;
    });
  }
  return indexes;
}
