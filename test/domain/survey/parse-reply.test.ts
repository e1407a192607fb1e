import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSmsReply, type ParsedReply } from '../../../src/domain/survey/parse-reply.js';
import { SCALES, type SurveyKind } from '../../../src/domain/survey/survey.js';

const score = (n: number, comment: string | null = null): ParsedReply => ({ type: 'score', score: n, comment });
const noScore = (text: string): ParsedReply => ({ type: 'no_score', text });

describe('keywords, only as the whole message', () => {
  it.each([
    ...[
      'STOP',
      'stop',
      ' Stop ',
      'STOP.',
      'stop!',
      'STOPALL',
      'unsubscribe',
      'Cancel',
      'END',
      'quit',
      'REVOKE',
      'optout',
      'OptOut!!',
    ].map((body) => ({ body, expected: { type: 'opt_out' } })),
    ...['START', 'start', 'UNSTOP', 'Yes', 'yes!'].map((body) => ({ body, expected: { type: 'opt_in' } })),
    ...['HELP', 'help?', 'Info', 'INFO.'].map((body) => ({ body, expected: { type: 'help' } })),
    { body: 'please stop', expected: noScore('please stop') },
    { body: 'STOP texting me', expected: noScore('STOP texting me') },
    { body: 'stop 7', expected: score(7) },
    { body: 'yes 7', expected: score(7) },
    { body: 'S T O P', expected: noScore('S T O P') },
  ] as Array<{ body: string; expected: ParsedReply }>)('$body -> $expected.type', ({ body, expected }) => {
    expect(parseSmsReply(body, SCALES.CES)).toEqual(expected);
  });
});

describe('scores', () => {
  it.each([
    { body: '6', kind: 'CES', expected: score(6) },
    { body: ' 6!', kind: 'CES', expected: score(6) },
    { body: '6.', kind: 'CES', expected: score(6) },
    { body: '6 - quick', kind: 'CES', expected: score(6, 'quick') },
    { body: '6, but the wait was long', kind: 'CES', expected: score(6, 'but the wait was long') },
    { body: '6 quick and easy', kind: 'CES', expected: score(6, 'quick and easy') },
    { body: '6 \u{1F44D}', kind: 'CES', expected: score(6, '\u{1F44D}') },
    { body: '6!!!', kind: 'CES', expected: score(6) },
    { body: 'it was a 6', kind: 'CES', expected: score(6) },
    { body: 'Great help, 7', kind: 'CES', expected: score(7, 'Great help') },
    { body: 'Snel geholpen: 7!', kind: 'CES', expected: score(7, 'Snel geholpen') },
    { body: '\uFF16', kind: 'CES', expected: score(6) },
    { body: 'zes', kind: 'CES', expected: score(6) },
    { body: 'six', kind: 'CES', expected: score(6) },
    { body: 'Six!', kind: 'CES', expected: score(6) },
    { body: 'ZEVEN', kind: 'CES', expected: score(7) },
    { body: 'zes, snel geholpen', kind: 'CES', expected: score(6, 'snel geholpen') },
    { body: 'six - took 2 days', kind: 'CES', expected: score(6, 'took 2 days') },
    { body: 'twee want ik moest 3 keer bellen', kind: 'CES', expected: score(2, 'want ik moest 3 keer bellen') },
    { body: 'one', kind: 'CES', expected: score(1) },
    { body: 'One!', kind: 'CES', expected: score(1) },
    { body: 'one - terrible', kind: 'CES', expected: score(1, 'terrible') },
    { body: 'een', kind: 'CES', expected: score(1) },
    { body: 'Een.', kind: 'CES', expected: score(1) },
    { body: '\u00e9\u00e9n', kind: 'CES', expected: score(1) },
    { body: '\u00c9\u00e9n, heel lastig', kind: 'CES', expected: score(1, 'heel lastig') },
    { body: 'een 6', kind: 'CES', expected: score(6) },
    { body: 'een beetje lastig', kind: 'CES', expected: noScore('een beetje lastig') },
    { body: 'one thing was hard', kind: 'CES', expected: noScore('one thing was hard') },
    { body: 'Een 9', kind: 'CES', expected: noScore('Een 9') },
    { body: 'sixty', kind: 'CES', expected: noScore('sixty') },
    { body: 'zesde keer dat ik bel', kind: 'CES', expected: noScore('zesde keer dat ik bel') },
    { body: 'nine', kind: 'CES', expected: noScore('nine') },
    { body: '9', kind: 'CES', expected: noScore('9') },
    { body: '0', kind: 'CES', expected: noScore('0') },
    { body: '0', kind: 'NPS', expected: score(0) },
    { body: 'nul', kind: 'NPS', expected: score(0) },
    { body: 'zero', kind: 'NPS', expected: score(0) },
    { body: '10', kind: 'NPS', expected: score(10) },
    { body: 'tien!', kind: 'NPS', expected: score(10) },
    { body: '10/10', kind: 'NPS', expected: score(10) },
    { body: '10/10 would recommend', kind: 'NPS', expected: score(10, 'would recommend') },
    { body: '9 / 10', kind: 'NPS', expected: score(9) },
    { body: '6/7', kind: 'CES', expected: score(6) },
    { body: '7/10', kind: 'CES', expected: noScore('7/10') },
    { body: '11', kind: 'NPS', expected: noScore('11') },
    { body: '5', kind: 'CSAT', expected: score(5) },
    { body: '6', kind: 'CSAT', expected: noScore('6') },
    { body: '6.5', kind: 'CES', expected: noScore('6.5') },
    { body: '6,5', kind: 'CES', expected: noScore('6,5') },
    { body: 'order 12345 was fine', kind: 'CES', expected: noScore('order 12345 was fine') },
    { body: ' thanks ', kind: 'CES', expected: noScore('thanks') },
    { body: '\u{1F44D}', kind: 'CES', expected: noScore('\u{1F44D}') },
    { body: '', kind: 'CES', expected: noScore('') },
  ] as Array<{ body: string; kind: SurveyKind; expected: ParsedReply }>)('$kind: $body', ({ body, kind, expected }) => {
    expect(parseSmsReply(body, SCALES[kind])).toEqual(expected);
  });
});

const NUMBER_WORDS = new Set([
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'nul',
  'een',
  '\u00e9\u00e9n',
  'e\u00e9n',
  '\u00e9en',
  'twee',
  'drie',
  'vier',
  'vijf',
  'zes',
  'zeven',
  'acht',
  'negen',
  'tien',
]);
const KEYWORD_TYPES = new Set(['opt_out', 'opt_in', 'help']);
const words = fc.array(fc.stringMatching(/^[a-z]{1,8}$/), { minLength: 1, maxLength: 4 }).map((w) => w.join(' '));
const decoration = fc.record({
  lead: fc.constantFrom('', ' ', '  ', '\t'),
  tail: fc.oneof(
    fc.constantFrom('', '!', '!!', ' ', '.', ' !'),
    words.map((w) => ` - ${w}`),
    words.map((w) => `! ${w}`),
  ),
});

describe('properties', () => {
  it.each(['CES', 'CSAT', 'NPS'] as SurveyKind[])(
    '%s: every in-range integer with decoration parses to itself',
    (kind) => {
      const { min, max } = SCALES[kind];
      fc.assert(
        fc.property(fc.integer({ min, max }), decoration, (n, { lead, tail }) => {
          const parsed = parseSmsReply(`${lead}${n}${tail}`, SCALES[kind]);
          expect(parsed).toMatchObject({ type: 'score', score: n });
        }),
      );
    },
  );

  it('a reply with no digits that does not start with a number word is no score or a keyword', () => {
    const startsWithNumberWord = (s: string) =>
      NUMBER_WORDS.has(/^\p{L}+/u.exec(s.normalize('NFKC').trim())?.[0].toLowerCase() ?? '');
    fc.assert(
      fc.property(
        fc
          .string({ unit: 'grapheme', maxLength: 40 })
          .filter((s) => !/\d/.test(s.normalize('NFKC')) && !startsWithNumberWord(s)),
        fc.constantFrom('CES', 'CSAT', 'NPS') as fc.Arbitrary<SurveyKind>,
        (body, kind) => {
          const parsed = parseSmsReply(body, SCALES[kind]);
          expect(parsed.type === 'no_score' || KEYWORD_TYPES.has(parsed.type)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('never throws, for any unicode string including emoji and lone surrogates', () => {
    const emoji = fc.constantFrom(
      '\u{1F44D}',
      '\u{1F600}',
      '\u{1F1F3}\u{1F1F1}',
      '\u2764\uFE0F',
      '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}',
    );
    const body = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 60 }),
      fc.string({ unit: 'grapheme', maxLength: 60 }),
      fc.array(fc.oneof(emoji, fc.string({ maxLength: 3 })), { maxLength: 10 }).map((parts) => parts.join('')),
      fc.constant('\uD800 6 \uDFFF'),
    );
    fc.assert(
      fc.property(body, fc.constantFrom('CES', 'CSAT', 'NPS') as fc.Arbitrary<SurveyKind>, (text, kind) => {
        const parsed = parseSmsReply(text, SCALES[kind]);
        if (parsed.type === 'score') {
          expect(Number.isInteger(parsed.score)).toBe(true);
          expect(parsed.score).toBeGreaterThanOrEqual(SCALES[kind].min);
          expect(parsed.score).toBeLessThanOrEqual(SCALES[kind].max);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
