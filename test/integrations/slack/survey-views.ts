import { SCALES, type SlackSurveyView, type SurveyKind } from '../../../src/domain/survey/survey.js';

const QUESTIONS: Record<SurveyKind, { question: string; minLabel: string; maxLabel: string }> = {
  CES: {
    question: 'How easy was it to get help with your request?',
    minLabel: 'Very difficult',
    maxLabel: 'Very easy',
  },
  CSAT: {
    question: 'How satisfied are you with the help you got?',
    minLabel: 'Very unsatisfied',
    maxLabel: 'Very satisfied',
  },
  NPS: {
    question: 'How likely are you to recommend the service desk to a colleague?',
    minLabel: 'Not at all likely',
    maxLabel: 'Extremely likely',
  },
};

/** Survey 42 as the fixtures tell it: unanswered unless overridden. */
export function surveyView(kind: SurveyKind = 'CES', overrides: Partial<SlackSurveyView> = {}): SlackSurveyView {
  return {
    surveyId: 42,
    kind,
    scale: SCALES[kind],
    ...QUESTIONS[kind],
    chosenScore: null,
    thanks: null,
    followUpQuestion: null,
    verbatimThanks: null,
    ...overrides,
  };
}

/** The state after a low CES score: thanks shown, "What made it hard?" asked. */
export const answeredLow = (): SlackSurveyView =>
  surveyView('CES', { chosenScore: 2, thanks: 'Thanks for telling us.', followUpQuestion: 'What made it hard?' });
