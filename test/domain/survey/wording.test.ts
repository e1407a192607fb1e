import { describe, expect, it } from 'vitest';
import { DEFAULT_SURVEY_TEXTS, resolveSurveyTexts } from '../../../src/domain/survey/texts.js';
import { questionTexts, wordingFor, wordingVersion } from '../../../src/domain/survey/wording.js';

describe('CES wording', () => {
  it.each([
    { kind: 'CES', setting: 'ease', expected: 'ease' },
    { kind: 'CES', setting: 'agreement', expected: 'agreement' },
    { kind: 'CSAT', setting: 'agreement', expected: null },
    { kind: 'NPS', setting: 'ease', expected: null },
  ] as const)('$kind with cesWording $setting asks $expected', ({ kind, setting, expected }) => {
    expect(wordingFor(kind, setting)).toBe(expected);
  });

  it('the agreement wording is CES 2.0’s statement on 1 strongly disagree .. 7 strongly agree, in English and Dutch', () => {
    const en = questionTexts(DEFAULT_SURVEY_TEXTS.en, 'CES', 'agreement');
    expect(en.question).toBe('{company} made it easy for me to handle my issue.');
    expect(en.smsQuestion).toContain('1 (strongly disagree) to 7 (strongly agree)');
    expect([en.minLabel, en.maxLabel]).toEqual(['Strongly disagree', 'Strongly agree']);
    const nl = questionTexts(DEFAULT_SURVEY_TEXTS.nl, 'CES', 'agreement');
    expect(nl.question).toBe('{company} maakte het mij makkelijk om mijn vraag af te handelen.');
    expect([nl.minLabel, nl.maxLabel]).toEqual(['Helemaal oneens', 'Helemaal eens']);
    expect(questionTexts(DEFAULT_SURVEY_TEXTS.en, 'CES', 'ease')).toBe(DEFAULT_SURVEY_TEXTS.en.CES);
    expect(questionTexts(DEFAULT_SURVEY_TEXTS.en, 'NPS', null)).toBe(DEFAULT_SURVEY_TEXTS.en.NPS);
  });

  it('names the wording and fingerprints the texts, so a changed text is a new version', () => {
    const ease = wordingVersion('CES', 'ease', DEFAULT_SURVEY_TEXTS.en.CES);
    const agreement = wordingVersion('CES', 'agreement', DEFAULT_SURVEY_TEXTS.en.cesAgreement);
    expect(ease).toMatch(/^ces-ease\.[0-9a-f]{8}$/);
    expect(agreement).toMatch(/^ces-agreement\.[0-9a-f]{8}$/);
    expect(wordingVersion('NPS', null, DEFAULT_SURVEY_TEXTS.en.NPS)).toMatch(/^nps\.[0-9a-f]{8}$/);
    expect(wordingVersion('CES', 'ease', DEFAULT_SURVEY_TEXTS.en.CES)).toBe(ease);
    const reworded = resolveSurveyTexts('en', { en: { CES: { question: 'How easy was it?' } } });
    expect(wordingVersion('CES', 'ease', reworded.CES)).not.toBe(ease);
  });
});
