import { isLowScore } from '../../domain/survey/channel.js';
import { SCALES, type SlackSurveyView } from '../../domain/survey/survey.js';
import { fillTemplate, resolveSurveyTexts, type SurveyTexts } from '../../domain/survey/texts.js';
import { questionTexts } from '../../domain/survey/wording.js';
import type { SurveyRecord } from '../../ports/survey-store.js';
import type { SurveySettings } from './settings.js';

/**
 * The survey's texts in its language, with the operator's overrides and {company} filled in.
 * A CES survey planned in the agreement wording gets that wording under `CES`, so every
 * sender and reply reads the question the survey was planned with.
 */
export function textsFor(
  survey: Pick<SurveyRecord, 'language'> & { wording?: string | null },
  settings: SurveySettings,
): SurveyTexts {
  const vars = { company: settings.companyName };
  const fill = (value: unknown): unknown =>
    typeof value === 'string'
      ? fillTemplate(value, vars)
      : Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, inner]) => [key, fill(inner)]));
  const texts = fill(resolveSurveyTexts(survey.language, settings.textOverrides)) as SurveyTexts;
  return { ...texts, CES: questionTexts(texts, 'CES', survey.wording ?? null) };
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
