import { describe, expect, it } from 'vitest';
import { gsm7Length, smsSegmentCount } from '../../../src/domain/survey/sms-encoding.js';
import { SCALES, type SurveyKind } from '../../../src/domain/survey/survey.js';
import {
  availableSurveyLanguages,
  DEFAULT_SURVEY_TEXTS,
  fillTemplate,
  pickLanguage,
  resolveSurveyTexts,
  type SurveyTexts,
} from '../../../src/domain/survey/texts.js';

const KINDS: SurveyKind[] = ['CES', 'CSAT', 'NPS'];
const LANGUAGES = Object.keys(DEFAULT_SURVEY_TEXTS) as Array<keyof typeof DEFAULT_SURVEY_TEXTS>;
/** Texts that may travel by SMS; `question` and the labels are Slack-only. */
const SMS_SHARED = [
  'followUp',
  'thanks',
  'thanksVerbatim',
  'unknownSurvey',
  'expiredSurvey',
  'help',
  'optedOut',
  'optedIn',
] as const;
// A long-ish company name: the filled text must still fit in one segment.
const COMPANY = 'Effortless Webshop BV';

function smsTexts(texts: SurveyTexts): Array<[string, string]> {
  return [
    ...KINDS.flatMap(
      (kind): Array<[string, string]> => [
        [`${kind}.smsQuestion`, texts[kind].smsQuestion],
        [`${kind}.reprompt`, texts[kind].reprompt],
      ],
    ),
    ['cesAgreement.smsQuestion', texts.cesAgreement.smsQuestion],
    ['cesAgreement.reprompt', texts.cesAgreement.reprompt],
    ...SMS_SHARED.map((key): [string, string] => [key, texts[key]]),
  ];
}

describe('pickLanguage', () => {
  const available = ['en', 'nl'];
  it.each([
    { locale: 'nl', expected: 'nl' },
    { locale: 'nl-NL', expected: 'nl' },
    { locale: 'nl_BE', expected: 'nl' },
    { locale: 'NL', expected: 'nl' },
    { locale: ' nl-nl ', expected: 'nl' },
    { locale: 'en-US', expected: 'en' },
    { locale: 'en-GB', expected: 'en' },
    { locale: 'de-DE', expected: 'en' },
    { locale: 'fr', expected: 'en' },
    { locale: '', expected: 'en' },
    { locale: null, expected: 'en' },
  ])('$locale -> $expected', ({ locale, expected }) => {
    expect(pickLanguage(locale, available)).toBe(expected);
  });

  it('uses the given fallback for an unknown locale', () => {
    expect(pickLanguage('ja-JP', available, 'nl')).toBe('nl');
    expect(pickLanguage(null, available, 'nl')).toBe('nl');
  });

  it.each([
    { locale: 'pt-BR', expected: 'pt-BR' },
    { locale: 'pt_br', expected: 'pt-BR' },
    { locale: 'pt-PT', expected: 'pt' },
    { locale: 'pt', expected: 'pt' },
  ])('prefers an exact regional language an operator added: $locale -> $expected', ({ locale, expected }) => {
    expect(pickLanguage(locale, ['en', 'nl', 'pt', 'pt-BR'])).toBe(expected);
  });
});

describe('availableSurveyLanguages', () => {
  it.each([
    { overrides: {}, expected: ['en', 'nl'] },
    { overrides: { nl: {} }, expected: ['en', 'nl'] },
    { overrides: { de: {}, fr: {} }, expected: ['en', 'nl', 'de', 'fr'] },
  ])('$overrides -> $expected', ({ overrides, expected }) => {
    expect(availableSurveyLanguages(overrides)).toEqual(expected);
  });
});

describe('resolveSurveyTexts', () => {
  it.each(LANGUAGES)('returns the defaults for %s without overrides', (language) => {
    expect(resolveSurveyTexts(language, {})).toEqual(DEFAULT_SURVEY_TEXTS[language]);
  });

  it('merges an override per key, keeping the other defaults', () => {
    const texts = resolveSurveyTexts('en', { en: { thanks: 'Cheers!', CES: { question: 'Was it easy?' } } });
    expect(texts.thanks).toBe('Cheers!');
    expect(texts.CES.question).toBe('Was it easy?');
    expect(texts.CES.smsQuestion).toBe(DEFAULT_SURVEY_TEXTS.en.CES.smsQuestion);
    expect(texts.NPS).toEqual(DEFAULT_SURVEY_TEXTS.en.NPS);
  });

  it('applies only the overrides of the asked language', () => {
    const overrides = { nl: { thanks: 'Dank je wel!' } };
    expect(resolveSurveyTexts('nl', overrides).thanks).toBe('Dank je wel!');
    expect(resolveSurveyTexts('en', overrides).thanks).toBe(DEFAULT_SURVEY_TEXTS.en.thanks);
  });

  it('falls back to English key by key for a language an operator added', () => {
    const texts = resolveSurveyTexts('de', { de: { thanks: 'Danke!', CES: { question: 'Wie einfach war es?' } } });
    expect(texts.thanks).toBe('Danke!');
    expect(texts.CES.question).toBe('Wie einfach war es?');
    expect(texts.CES.minLabel).toBe(DEFAULT_SURVEY_TEXTS.en.CES.minLabel);
    expect(texts.followUp).toBe(DEFAULT_SURVEY_TEXTS.en.followUp);
  });

  it('ignores unknown keys and undefined values, and never changes the defaults', () => {
    const before = JSON.stringify(DEFAULT_SURVEY_TEXTS);
    const overrides = { en: { thanks: undefined, bogus: 'x', CES: { nope: 'y', maxLabel: 'Super easy' } } } as never;
    const texts = resolveSurveyTexts('en', overrides);
    expect(texts.thanks).toBe(DEFAULT_SURVEY_TEXTS.en.thanks);
    expect(texts).not.toHaveProperty('bogus');
    expect(texts.CES).not.toHaveProperty('nope');
    expect(texts.CES.maxLabel).toBe('Super easy');
    expect(JSON.stringify(DEFAULT_SURVEY_TEXTS)).toBe(before);
  });
});

describe('fillTemplate', () => {
  it.each([
    { text: '{company} survey', vars: { company: 'Acme' }, expected: 'Acme survey' },
    { text: '{company} and {company}', vars: { company: 'Acme' }, expected: 'Acme and Acme' },
    { text: 'Hi {name}, {company}', vars: { company: 'Acme', name: 'Ann' }, expected: 'Hi Ann, Acme' },
    { text: 'no placeholders', vars: { company: 'Acme' }, expected: 'no placeholders' },
    { text: '{compnay} typo stays', vars: { company: 'Acme' }, expected: '{compnay} typo stays' },
    { text: '{toString} is not a var', vars: {}, expected: '{toString} is not a var' },
    { text: '{company}', vars: { company: '$& $1' }, expected: '$& $1' },
  ] as Array<{ text: string; vars: Record<string, string>; expected: string }>)(
    '$text -> $expected',
    ({ text, vars, expected }) => {
      expect(fillTemplate(text, vars)).toBe(expected);
    },
  );
});

describe('default texts', () => {
  it('define the same keys in every language', () => {
    const keys = (texts: SurveyTexts) =>
      JSON.stringify(Object.keys(texts).sort()) + KINDS.map((kind) => Object.keys(texts[kind]).sort()).join();
    for (const language of LANGUAGES) expect(keys(DEFAULT_SURVEY_TEXTS[language])).toBe(keys(DEFAULT_SURVEY_TEXTS.en));
  });

  describe.each(LANGUAGES)('%s SMS texts', (language) => {
    it.each(smsTexts(DEFAULT_SURVEY_TEXTS[language]))('%s stays GSM-7 and one segment', (_key, text) => {
      const filled = fillTemplate(text, { company: COMPANY });
      expect(gsm7Length(filled), filled).not.toBeNull();
      expect(gsm7Length(filled)!, filled).toBeLessThanOrEqual(160);
      expect(filled).not.toMatch(/\{\w+\}/);
    });
  });

  it.each(LANGUAGES.flatMap((language) => KINDS.map((kind) => ({ language, kind }))))(
    '$language $kind shows both ends of the scale in the SMS question and the re-prompt',
    ({ language, kind }) => {
      const texts = DEFAULT_SURVEY_TEXTS[language][kind];
      const { min, max } = SCALES[kind];
      for (const text of [texts.smsQuestion, texts.reprompt]) {
        expect(text).toMatch(new RegExp(`\\b${min}\\b`));
        expect(text).toMatch(new RegExp(`\\b${max}\\b`));
      }
      expect(texts.smsQuestion.startsWith(texts.question.slice(0, 20))).toBe(true);
    },
  );

  it.each(LANGUAGES)('%s help names the company and how to stop', (language) => {
    const help = DEFAULT_SURVEY_TEXTS[language].help;
    expect(help).toContain('{company}');
    expect(help).toContain('STOP');
  });

  it('asks the CES question in the words of the issue', () => {
    expect(DEFAULT_SURVEY_TEXTS.en.CES.question).toBe('How easy was it to get your issue handled?');
    expect(DEFAULT_SURVEY_TEXTS.nl.CES.question).toBe('Hoe makkelijk was het om je vraag afgehandeld te krijgen?');
    expect(DEFAULT_SURVEY_TEXTS.en.followUp).toContain('What made it hard?');
  });
});

describe('gsm7Length and smsSegmentCount', () => {
  it.each([
    { text: '', length: 0, segments: 1 },
    { text: 'Hello', length: 5, segments: 1 },
    { text: 'Caf\u00e9 \u00e0 la carte', length: 15, segments: 1 },
    { text: 'Price: 5\u20ac', length: 10, segments: 1 },
    { text: '{company}', length: 11, segments: 1 },
    { text: 'x'.repeat(160), length: 160, segments: 1 },
    { text: 'x'.repeat(161), length: 161, segments: 2 },
    { text: 'x'.repeat(306), length: 306, segments: 2 },
    { text: 'enqu\u00eate', length: null, segments: 1 },
    { text: '\u2019quoted\u2019', length: null, segments: 1 },
    { text: 'Thanks \u{1F44D}', length: null, segments: 1 },
    { text: '\u00eb\u00ebn '.repeat(20), length: null, segments: 2 },
  ])('$text -> $length septets, $segments segment(s)', ({ text, length, segments }) => {
    expect(gsm7Length(text)).toBe(length);
    expect(smsSegmentCount(text)).toBe(segments);
  });
});
