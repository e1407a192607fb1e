/**
 * Additive totals of a set of cases: what one dashboard cell holds, and what any group of
 * cells (a day, a week, a team) adds up to. Every figure the dashboard shows is derived
 * from these, so a day and the week holding it always agree.
 */
export const SUM_FIELDS = [
  'cases',
  'indexSum',
  'channelSwitches',
  'teamHandoffs',
  'agentHandoffs',
  'reopens',
  'repeatContacts',
  'firstContactResolutions',
  'resolved',
  'resolutionMinutes',
  'sentSms',
  'answeredSms',
  'sentSlack',
  'answeredSlack',
  'sentOther',
  'answeredOther',
  'cesN',
  'cesSum',
  'cesSumSquares',
  'cesEasy',
  'csatN',
  'csatSatisfied',
  'npsN',
  'npsPromoters',
  'npsDetractors',
] as const;

export type SumField = (typeof SUM_FIELDS)[number];
export type EffortSums = Record<SumField, number>;

export function emptySums(): EffortSums {
  return Object.fromEntries(SUM_FIELDS.map((field) => [field, 0])) as EffortSums;
}

/** Adds `more` into `into` (mutates it, for summing many cells without allocations). */
export function addInto(into: EffortSums, more: EffortSums): EffortSums {
  for (const field of SUM_FIELDS) into[field] += more[field];
  return into;
}

export function sumAll(cells: Iterable<EffortSums>): EffortSums {
  const total = emptySums();
  for (const cell of cells) addInto(total, cell);
  return total;
}

/** Survey channels the sums keep apart; others are counted together. */
export const SURVEY_CHANNELS = ['sms', 'slack', 'other'] as const;
export type SurveyChannelBucket = (typeof SURVEY_CHANNELS)[number];

export function sentAndAnswered(sums: EffortSums, channel: SurveyChannelBucket): { sent: number; answered: number } {
  switch (channel) {
    case 'sms':
      return { sent: sums.sentSms, answered: sums.answeredSms };
    case 'slack':
      return { sent: sums.sentSlack, answered: sums.answeredSlack };
    default:
      return { sent: sums.sentOther, answered: sums.answeredOther };
  }
}

export function totalSentAndAnswered(sums: EffortSums): { sent: number; answered: number } {
  return {
    sent: sums.sentSms + sums.sentSlack + sums.sentOther,
    answered: sums.answeredSms + sums.answeredSlack + sums.answeredOther,
  };
}
