import { SCALES, type SurveyKind } from './survey.js';
import type { SurveyTexts } from './texts.js';

/** A survey question as a chat shows it: the question and one reply button per score. */
export interface ChatSurveyMessage {
  text: string;
  replies: Array<{ label: string; payload: string }>;
}

const PAYLOAD = /^effortless:(\d+):(\d+)$/;

/**
 * The question with a reply button per score, the scale's words on its two ends ("1 - Very
 * difficult" ... "7 - Very easy"). Sunshine Conversations truncates button text after 40
 * characters on the web and mobile widgets, so the labels stay short. The payload names the
 * survey and the score, so a button press is read without guessing from the text.
 */
export function chatSurveyMessage(surveyId: number, kind: SurveyKind, texts: SurveyTexts): ChatSurveyMessage {
  const { min, max } = SCALES[kind];
  const replies: ChatSurveyMessage['replies'] = [];
  for (let score = min; score <= max; score++) {
    const words = score === min ? texts[kind].minLabel : score === max ? texts[kind].maxLabel : null;
    replies.push({ label: words ? `${score} - ${words}` : String(score), payload: scorePayload(surveyId, score) });
  }
  return { text: texts[kind].question, replies };
}

export function scorePayload(surveyId: number, score: number): string {
  return `effortless:${surveyId}:${score}`;
}

/** The survey and score a reply button carries; null for any other payload (another bot's buttons). */
export function readScorePayload(payload: string | null): { surveyId: number; score: number } | null {
  const match = payload ? PAYLOAD.exec(payload.trim()) : null;
  return match ? { surveyId: Number(match[1]), score: Number(match[2]) } : null;
}
