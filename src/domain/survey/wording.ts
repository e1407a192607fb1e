import { createHash } from 'node:crypto';
import type { SurveyKind } from './survey.js';
import type { SurveyKindTexts, SurveyTexts } from './texts.js';

/**
 * How the CES question is put: `ease` asks "How easy was it to get your issue handled?"
 * (1 very difficult .. 7 very easy); `agreement` is CES 2.0's statement "<Company> made it
 * easy for me to handle my issue" (1 strongly disagree .. 7 strongly agree). Both use 1-7
 * with 7 the low-effort end, so scores, low-score follow-ups and alerts work unchanged; the
 * answers are still not the same measure, hence the wording version on every survey.
 */
export const CES_WORDINGS = ['ease', 'agreement'] as const;

export type CesWording = (typeof CES_WORDINGS)[number];

/** The wording a survey of this kind is asked in; only CES has a choice. */
export function wordingFor(kind: SurveyKind, cesWording: CesWording): CesWording | null {
  return kind === 'CES' ? cesWording : null;
}

/** The texts of the question itself for this kind and wording. */
export function questionTexts(texts: SurveyTexts, kind: SurveyKind, wording: string | null): SurveyKindTexts {
  return kind === 'CES' && wording === 'agreement' ? texts.cesAgreement : texts[kind];
}

/**
 * Names the exact question asked: kind and wording, and a fingerprint of the texts as the
 * customer read them (`ces-agreement.1f2e3d4c`). A changed text (an operator's override,
 * a new company name, a new release's wording) gives a new version, so reports show a break
 * where the question changed instead of a drift.
 */
export function wordingVersion(kind: SurveyKind, wording: string | null, asked: SurveyKindTexts): string {
  const name = wording ? `${kind.toLowerCase()}-${wording}` : kind.toLowerCase();
  const fingerprint = createHash('sha256')
    .update(JSON.stringify([asked.smsQuestion, asked.question, asked.minLabel, asked.maxLabel]))
    .digest('hex')
    .slice(0, 8);
  return `${name}.${fingerprint}`;
}
