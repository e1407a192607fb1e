/** What the round decision needs of the ticket's latest survey. */
export interface LatestSurvey {
  status: string;
  round: number;
  answeredAt: Date | null;
}

/** Surveys that never went out: planned again in the same round. */
const REPLANNABLE = new Set(['cancelled', 'skipped']);
/** A score (or words) came back: the survey counts as answered. */
const ANSWERED = new Set(['answered', 'awaiting_verbatim']);

/**
 * Which round of survey a solve at `solvedAt` plans, or null for none (the ticket already has
 * its survey). The first solve plans round 1; a survey that never went out is planned again in
 * its round; with `againOnNewResolution`, a solve after the last survey was answered (the
 * ticket was reopened and solved again) plans the next round, its own survey and answer.
 */
export function surveyRoundFor(
  latest: LatestSurvey | null,
  againOnNewResolution: boolean,
  solvedAt: Date,
): number | null {
  if (!latest) return 1;
  if (REPLANNABLE.has(latest.status)) return latest.round;
  const answeredBefore = latest.answeredAt !== null && latest.answeredAt.getTime() < solvedAt.getTime();
  if (againOnNewResolution && ANSWERED.has(latest.status) && answeredBefore) return latest.round + 1;
  return null;
}
