import type { SurveyKind } from './survey.js';

/**
 * The highest score that counts as low, per kind: low scores get the "What made it hard?"
 * follow-up. CES 1-3 is the difficult half of the 7-point scale (4 is neutral); CSAT 1-2
 * is dissatisfied (3 is neutral); NPS 0-6 are detractors by the NPS definition.
 */
export const LOW_SCORE_MAX: Readonly<Record<SurveyKind, number>> = Object.freeze({ CES: 3, CSAT: 2, NPS: 6 });

export function isLowScore(kind: SurveyKind, score: number): boolean {
  return score <= LOW_SCORE_MAX[kind];
}
