import type { Scale } from './survey.js';

export type ParsedReply =
  | { type: 'opt_out' }
  | { type: 'opt_in' }
  | { type: 'help' }
  | { type: 'score'; score: number; comment: string | null }
  | { type: 'no_score'; text: string };

/** Carrier keywords (Twilio's defaults); they count only as the whole message. */
const KEYWORDS: Readonly<Record<string, 'opt_out' | 'opt_in' | 'help'>> = {
  STOP: 'opt_out',
  STOPALL: 'opt_out',
  UNSUBSCRIBE: 'opt_out',
  CANCEL: 'opt_out',
  END: 'opt_out',
  QUIT: 'opt_out',
  REVOKE: 'opt_out',
  OPTOUT: 'opt_out',
  START: 'opt_in',
  UNSTOP: 'opt_in',
  YES: 'opt_in',
  HELP: 'help',
  INFO: 'help',
};

/** English and Dutch number words 0-10, written as customers type them. */
const NUMBER_WORDS: Readonly<Record<string, number>> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  nul: 0,
  een: 1,
  één: 1,
  eén: 1,
  éen: 1,
  twee: 2,
  drie: 3,
  vier: 4,
  vijf: 5,
  zes: 6,
  zeven: 7,
  acht: 8,
  negen: 9,
  tien: 10,
};

/**
 * Words that are also articles: Dutch "een" ("een beetje lastig") and English "one" ("one
 * thing was hard"). They score only when followed by nothing or by punctuation ("one!",
 * "een - lastig"), never by a plain space and another word.
 */
const ARTICLE_LIKE = new Set(['een', 'one']);

const TRAILING_PUNCTUATION = /[\s\p{P}]+$/u;
const LEADING_SEPARATORS = /^[\s\p{P}\p{Sm}]+/u;
const TRAILING_SEPARATORS = /[\s\p{P}\p{Sm}]+$/u;
// A number in digits; a decimal ("6.5", Dutch "6,5") is captured whole so it is rejected.
// "n/max" ("10/10", "6/7") is captured so the denominator can be checked against the scale.
const DIGITS = /(\d+)(?:[.,](\d+))?(?:\s*\/\s*(\d+))?/;
const FIRST_WORD = /^(\p{L}+)/u;

/**
 * Reads an SMS reply. Order: a keyword as the whole message; a number word as the first
 * word; the first number in digits anywhere. A decimal ("6.5") is no score: rounding would
 * put words in the customer's mouth, and the re-prompt asks for one whole number. A number
 * outside the scale, or "n/d" with d not the scale's maximum ("7/10" for CES), is no score.
 */
export function parseSmsReply(body: string, scale: Scale): ParsedReply {
  // NFKC turns full-width and superscript digits into ASCII ones, as phones sometimes send.
  const text = body.normalize('NFKC').trim();
  const keyword = KEYWORDS[text.replace(TRAILING_PUNCTUATION, '').toUpperCase()];
  if (keyword) return { type: keyword };

  const found = numberWordAtStart(text) ?? firstDigits(text, scale);
  if (!found || found.score < scale.min || found.score > scale.max) return { type: 'no_score', text: body.trim() };
  return { type: 'score', score: found.score, comment: commentFrom(found.before, found.after) };
}

interface FoundScore {
  score: number;
  before: string;
  after: string;
}

function numberWordAtStart(text: string): FoundScore | null {
  const word = FIRST_WORD.exec(text)?.[1];
  if (!word) return null;
  const lowered = word.toLowerCase();
  const score = NUMBER_WORDS[lowered];
  if (score === undefined) return null;
  const after = text.slice(word.length);
  if (ARTICLE_LIKE.has(lowered) && /^\s+\p{L}/u.test(after)) return null;
  // "een 6" or "one 7/7": the word was an article; the digits decide.
  if (/^\s*\d/.test(after)) return null;
  return { score, before: '', after };
}

function firstDigits(text: string, scale: Scale): FoundScore | null {
  const match = DIGITS.exec(text);
  if (!match) return null;
  const [whole, integer, decimals, denominator] = match;
  if (decimals !== undefined) return null;
  if (denominator !== undefined && Number(denominator) !== scale.max) return null;
  return {
    score: Number(integer),
    before: text.slice(0, match.index),
    after: text.slice(match.index + whole.length),
  };
}

/**
 * What the customer wrote around the score. Words after it are the comment ("6 - quick").
 * Words before it count only when punctuation sets them apart ("Great help, 7"); without
 * it they frame the number ("it was a 6", "een 6") and say nothing on their own.
 */
function commentFrom(before: string, after: string): string | null {
  const trimmedAfter = after.replace(LEADING_SEPARATORS, '').trim();
  const setApart = /[\p{P}\p{Sm}]\s*$/u.test(before);
  const candidate = trimmedAfter || (setApart ? before.replace(TRAILING_SEPARATORS, '').trim() : '');
  // Punctuation alone ("6!!") says nothing; an emoji or a word does.
  return /[^\s\p{P}\p{Sm}]/u.test(candidate) ? candidate : null;
}
