import { isLowScore } from '../../domain/survey/channel.js';
import { SCALES, type SlackSurveyView } from '../../domain/survey/survey.js';
import { fillTemplate, resolveSurveyTexts, type SurveyTexts } from '../../domain/survey/texts.js';
import type { SurveyRecord } from '../../ports/survey-store.js';
import type { SurveySettings } from './settings.js';

/** The survey's texts in its language, with the operator's overrides and {company} filled in. */
export function textsFor(survey: Pick<SurveyRecord, 'language'>, settings: SurveySettings): SurveyTexts {
  const vars = { company: settings.companyName };
  const fill = (value: unknown): unknown =>
    typeof value === 'string'
      ? fillTemplate(value, vars)
      : Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, inner]) => [key, fill(inner)]));
  return fill(resolveSurveyTexts(survey.language, settings.textOverrides)) as SurveyTexts;
}

/** What the Slack message shows for this survey in its current state. */
export function slackViewFor(survey: SurveyRecord, settings: SurveySettings): SlackSurveyView {
  const texts = textsFor(survey, settings);
  const kindTexts = texts[survey.kind];
  const answered = survey.score !== null;
  const low = answered && isLowScore(survey.kind, survey.score!);
  return {
    surveyId: survey.id,
    kind: survey.kind,
    scale: SCALES[survey.kind],
    question: kindTexts.question,
    minLabel: kindTexts.minLabel,
    maxLabel: kindTexts.maxLabel,
    chosenScore: survey.score,
    thanks: answered ? texts.thanks : null,
    followUpQuestion: low && survey.verbatim === null ? texts.followUp : null,
    verbatimThanks: survey.verbatim !== null ? texts.thanksVerbatim : null,
  };
}
