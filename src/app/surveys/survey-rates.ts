import { type SurveyRates, summarizeSurveyRates } from '../../domain/survey/survey-rates.js';
import type { Metrics } from '../../metrics.js';
import type { SurveyStore } from '../../ports/survey-store.js';

/** The survey rates from the stored surveys (all time): what GET /api/surveys/rates answers. */
export async function readSurveyRates(surveys: SurveyStore): Promise<SurveyRates> {
  return summarizeSurveyRates(await surveys.countOutcomes());
}

/** Sets the survey gauges of /metrics from the rates; `all` is the label of a total. */
export function setSurveyGauges(metrics: Metrics, rates: SurveyRates): void {
  metrics.surveys.reset();
  metrics.surveyResponseRate.reset();
  metrics.surveysSkipped.reset();
  const put = (channel: string, journeyRule: string, rate: SurveyRates['total']) => {
    metrics.surveys.set({ channel, journey_rule: journeyRule, outcome: 'sent' }, rate.sent);
    metrics.surveys.set({ channel, journey_rule: journeyRule, outcome: 'answered' }, rate.answered);
    if (rate.responseRate !== null)
      metrics.surveyResponseRate.set({ channel, journey_rule: journeyRule }, rate.responseRate);
  };
  put('all', 'all', rates.total);
  for (const [channel, rate] of Object.entries(rates.byChannel)) put(channel, 'all', rate);
  for (const [rule, rate] of Object.entries(rates.byJourneyRule)) put('all', rule, rate);
  for (const [rule, count] of Object.entries(rates.skippedByRule)) metrics.surveysSkipped.set({ rule }, count);
}
