import type { SurveyKind } from './survey.js';

/** What the customer reads for one kind of question. */
export interface SurveyKindTexts {
  /** The whole first SMS: the question plus how to answer, in one segment. */
  smsQuestion: string;
  /** The question alone, for Slack, where buttons show how to answer. */
  question: string;
  minLabel: string;
  maxLabel: string;
  /** Sent once when a reply has no score: shows the scale again. */
  reprompt: string;
}

/**
 * Every text the survey sends. Texts that go by SMS stay within GSM-7 and one segment
 * (160 characters) in the defaults. `{company}` is filled with `fillTemplate`.
 */
export interface SurveyTexts extends Record<SurveyKind, SurveyKindTexts> {
  /**
   * CES 2.0's agreement statement, asked instead of `CES` when `surveys.cesWording` is
   * `agreement`: same 1-7 scale, 1 strongly disagree to 7 strongly agree.
   */
  cesAgreement: SurveyKindTexts;
  /** Asked once after a low score; the answer is stored as the verbatim. */
  followUp: string;
  thanks: string;
  thanksVerbatim: string;
  /** A message we cannot link to any survey we sent. */
  unknownSurvey: string;
  /** A reply to a survey that is closed (too old or already complete). */
  expiredSurvey: string;
  /** Answer to HELP/INFO: who we are and how to stop; carriers require both. */
  help: string;
  optedOut: string;
  optedIn: string;
}

export type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

export type DefaultSurveyLanguage = 'en' | 'nl';

// Dutch uses informal-polite "je", as most Dutch customer service does. No accents in SMS
// texts ("een" instead of "één", "vragenlijst" instead of "enquête") to stay in GSM-7.
export const DEFAULT_SURVEY_TEXTS: Readonly<Record<DefaultSurveyLanguage, SurveyTexts>> = {
  en: {
    CES: {
      smsQuestion:
        'How easy was it to get your issue handled? Reply with a number from 1 (very difficult) to 7 (very easy). Reply STOP to opt out.',
      question: 'How easy was it to get your issue handled?',
      minLabel: 'Very difficult',
      maxLabel: 'Very easy',
      reprompt:
        "Sorry, we couldn't find a score in your reply. Please reply with one number from 1 (very difficult) to 7 (very easy).",
    },
    CSAT: {
      smsQuestion:
        'How satisfied are you with the help you received? Reply with a number from 1 (very dissatisfied) to 5 (very satisfied). Reply STOP to opt out.',
      question: 'How satisfied are you with the help you received?',
      minLabel: 'Very dissatisfied',
      maxLabel: 'Very satisfied',
      reprompt:
        "Sorry, we couldn't find a score in your reply. Please reply with one number from 1 (very dissatisfied) to 5 (very satisfied).",
    },
    NPS: {
      smsQuestion:
        'How likely are you to recommend us to a friend or colleague? Reply with a number from 0 (not at all likely) to 10 (extremely likely). Reply STOP to opt out.',
      question: 'How likely are you to recommend us to a friend or colleague?',
      minLabel: 'Not at all likely',
      maxLabel: 'Extremely likely',
      reprompt:
        "Sorry, we couldn't find a score in your reply. Please reply with one number from 0 (not at all likely) to 10 (extremely likely).",
    },
    cesAgreement: {
      smsQuestion:
        '"{company} made it easy for me to handle my issue." Reply 1 (strongly disagree) to 7 (strongly agree). Reply STOP to opt out.',
      question: '{company} made it easy for me to handle my issue.',
      minLabel: 'Strongly disagree',
      maxLabel: 'Strongly agree',
      reprompt:
        "Sorry, we couldn't find a score in your reply. Please reply with one number from 1 (strongly disagree) to 7 (strongly agree).",
    },
    followUp: 'Sorry to hear that. What made it hard?',
    thanks: 'Thank you for your answer!',
    thanksVerbatim: 'Thank you for telling us. We will use it to make things easier.',
    unknownSurvey:
      "Thanks for your message. We couldn't link it to one of our surveys. If you need help, please contact our support team.",
    expiredSurvey:
      'Thanks for replying! This survey has closed, so we could not record your answer. If you need help, please contact our support team.',
    help: '{company} customer survey. Reply with a number to answer. Reply STOP to stop receiving surveys, START to receive them again.',
    optedOut: '{company}: you will not receive any more surveys from us. Reply START to undo.',
    optedIn: '{company}: you will receive our short surveys again. Reply STOP to opt out.',
  },
  nl: {
    CES: {
      smsQuestion:
        'Hoe makkelijk was het om je vraag afgehandeld te krijgen? Antwoord met een cijfer van 1 (heel moeilijk) tot 7 (heel makkelijk). Stoppen? Stuur STOP.',
      question: 'Hoe makkelijk was het om je vraag afgehandeld te krijgen?',
      minLabel: 'Heel moeilijk',
      maxLabel: 'Heel makkelijk',
      reprompt:
        'Sorry, we konden geen cijfer in je antwoord vinden. Antwoord met een cijfer van 1 (heel moeilijk) tot 7 (heel makkelijk).',
    },
    CSAT: {
      smsQuestion:
        'Hoe tevreden ben je over de hulp die je kreeg? Antwoord met een cijfer van 1 (heel ontevreden) tot 5 (heel tevreden). Stoppen? Stuur STOP.',
      question: 'Hoe tevreden ben je over de hulp die je hebt gekregen?',
      minLabel: 'Heel ontevreden',
      maxLabel: 'Heel tevreden',
      reprompt:
        'Sorry, we konden geen cijfer in je antwoord vinden. Antwoord met een cijfer van 1 (heel ontevreden) tot 5 (heel tevreden).',
    },
    NPS: {
      smsQuestion:
        "Hoe waarschijnlijk is het dat je ons aanraadt aan vrienden of collega's? Antwoord 0 (zeer onwaarschijnlijk) t/m 10 (zeer waarschijnlijk). Stoppen? Stuur STOP.",
      question: "Hoe waarschijnlijk is het dat je ons aanraadt aan vrienden of collega's?",
      minLabel: 'Zeer onwaarschijnlijk',
      maxLabel: 'Zeer waarschijnlijk',
      reprompt:
        'Sorry, we konden geen cijfer in je antwoord vinden. Antwoord met een cijfer van 0 (zeer onwaarschijnlijk) tot 10 (zeer waarschijnlijk).',
    },
    cesAgreement: {
      smsQuestion:
        '"{company} maakte het mij makkelijk om mijn vraag af te handelen." Antwoord 1 (helemaal oneens) t/m 7 (helemaal eens). Stoppen? Stuur STOP.',
      question: '{company} maakte het mij makkelijk om mijn vraag af te handelen.',
      minLabel: 'Helemaal oneens',
      maxLabel: 'Helemaal eens',
      reprompt:
        'Sorry, we konden geen cijfer in je antwoord vinden. Antwoord met een cijfer van 1 (helemaal oneens) tot 7 (helemaal eens).',
    },
    followUp: 'Vervelend om te horen. Wat maakte het lastig?',
    thanks: 'Bedankt voor je antwoord!',
    thanksVerbatim: 'Bedankt dat je dit met ons deelt. We gebruiken het om het makkelijker te maken.',
    unknownSurvey:
      'Bedankt voor je bericht. We konden het niet koppelen aan een vragenlijst van ons. Hulp nodig? Neem dan contact op met onze klantenservice.',
    expiredSurvey:
      'Bedankt voor je reactie! Deze vragenlijst is gesloten, dus we konden je antwoord niet opslaan. Hulp nodig? Neem contact op met onze klantenservice.',
    help: '{company} klantonderzoek. Antwoord met een cijfer om mee te doen. Stuur STOP om je af te melden of START om je weer aan te melden.',
    optedOut: '{company}: je ontvangt geen vragenlijsten meer van ons. Stuur START om dit ongedaan te maken.',
    optedIn: '{company}: je ontvangt onze korte vragenlijsten weer. Stuur STOP om je af te melden.',
  },
};

/** Languages that have texts: the defaults plus any an operator added. */
export function availableSurveyLanguages(overrides: Record<string, unknown> = {}): string[] {
  return [...new Set([...Object.keys(DEFAULT_SURVEY_TEXTS), ...Object.keys(overrides)])];
}

/**
 * The language to ask in, from the requester's locale (`nl-NL`, `nl_BE`, `NL` -> `nl`).
 * An exact regional match (`pt-BR`) wins over the bare language so operators can add one.
 */
export function pickLanguage(locale: string | null, available: string[], fallback = 'en'): string {
  const wanted = locale?.trim().toLowerCase().replace(/_/g, '-');
  if (!wanted) return fallback;
  const find = (tag: string) => available.find((language) => language.toLowerCase().replace(/_/g, '-') === tag);
  return find(wanted) ?? find(wanted.split('-')[0]!) ?? fallback;
}

/**
 * Texts for one language: the operator's overrides over our defaults. A language we ship
 * no defaults for falls back to English key by key, so a partial translation still works.
 */
export function resolveSurveyTexts(
  language: string,
  overrides: Record<string, DeepPartial<SurveyTexts> | undefined> = {},
): SurveyTexts {
  const base = DEFAULT_SURVEY_TEXTS[language as DefaultSurveyLanguage] ?? DEFAULT_SURVEY_TEXTS.en;
  return mergeTexts(base, overrides[language]);
}

function mergeTexts<T extends object>(base: T, override: DeepPartial<T> | undefined): T {
  const result = { ...base } as Record<string, unknown>;
  if (!override) return result as T;
  for (const [key, value] of Object.entries(override)) {
    // Only keys we know: a typo in the config must not invent a text nobody reads.
    if (value === undefined || value === null || !(key in base)) continue;
    const current = result[key];
    result[key] = typeof current === 'object' && current !== null ? mergeTexts(current, value as object) : value;
  }
  return result as T;
}

/**
 * Fills `{name}` placeholders. An unknown placeholder stays as written, so a typo in an
 * operator's text shows up in review instead of silently vanishing from the message.
 */
export function fillTemplate(text: string, vars: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(vars, name) ? vars[name]! : whole));
}
