/** The words of the demo scenario: names, subjects, messages and survey comments. */

export type DemoLocale = 'nl' | 'en';

export const FIRST_NAMES: Record<DemoLocale, readonly string[]> = {
  nl: ['Ana', 'Daan', 'Sanne', 'Lucas', 'Emma', 'Bram', 'Fleur', 'Thijs', 'Lotte', 'Sem'],
  en: ['Oliver', 'Amelia', 'Harry', 'Isla', 'George', 'Ava', 'Noah', 'Mia', 'Jack', 'Grace'],
};

export const LAST_NAMES: Record<DemoLocale, readonly string[]> = {
  nl: ['Jansen', 'Bakker', 'Visser', 'Smit', 'Meijer', 'Mulder', 'Bos', 'Vos', 'Peters', 'Hendriks'],
  en: ['Smith', 'Jones', 'Taylor', 'Brown', 'Wilson', 'Evans', 'Thomas', 'Roberts', 'Walker', 'Wright'],
};

/** Agents 7001..7012, in DEMO_TEAMS order. */
export const AGENT_NAMES: readonly string[] = [
  'Sophie de Wit',
  'Mark Kramer',
  'Laura Dekker',
  'Tom Willems',
  'Eva Schouten',
  'Ruben Maas',
  'Julia Brouwer',
  'Kevin Post',
  'Nina Kok',
  'Dennis Vermeulen',
  'Iris van Dam',
  'Joost Prins',
];

/** Subjects (English, Dutch) by the team tag of the group the ticket was created in. */
export const SUBJECTS: Record<string, ReadonlyArray<Record<DemoLocale, string>>> = {
  billing: [
    { en: 'Invoice charged twice', nl: 'Factuur twee keer afgeschreven' },
    { en: 'Refund not received', nl: 'Terugbetaling niet ontvangen' },
    { en: 'Payment failed but money is gone', nl: 'Betaling mislukt maar geld is weg' },
  ],
  shipping: [
    { en: 'Where is my parcel?', nl: 'Waar is mijn pakket?' },
    { en: 'Parcel marked delivered but not here', nl: 'Pakket bezorgd volgens track & trace, maar niet hier' },
    { en: 'Package arrived damaged', nl: 'Pakket beschadigd aangekomen' },
  ],
  returns: [
    { en: 'How do I return this item?', nl: 'Hoe stuur ik dit artikel terug?' },
    { en: 'Return label does not work', nl: 'Retourlabel werkt niet' },
    { en: 'Return received, no refund yet', nl: 'Retour ontvangen, nog geen geld terug' },
  ],
  tech_support: [
    { en: 'Cannot log in to my account', nl: 'Ik kan niet inloggen' },
    { en: 'App crashes at checkout', nl: 'App crasht bij afrekenen' },
    { en: 'Password reset email never arrives', nl: 'Mail om wachtwoord te herstellen komt niet aan' },
  ],
};

export const FIRST_MESSAGE: Record<DemoLocale, (subject: string) => string> = {
  nl: (subject) => `Hallo! ${sentence(subject)} Kunnen jullie helpen?`,
  en: (subject) => `Hello! ${sentence(subject)} Can you help?`,
};

function sentence(subject: string): string {
  return /[?.!]$/.test(subject) ? subject : `${subject}.`;
}

/** The customer writes again on another channel (or on the same one). */
export const FOLLOW_UPS: Record<DemoLocale, readonly string[]> = {
  nl: [
    'Ik heb nog steeds niets gehoord, is er al nieuws?',
    'Ik probeer het nu via deze weg, want ik krijg geen antwoord.',
    'Kunnen jullie even laten weten hoe het ervoor staat?',
  ],
  en: [
    'I still have not heard anything, any news?',
    'Trying this way because nobody answered me.',
    'Could you let me know where things stand?',
  ],
};

export const REOPEN_MESSAGES: Record<DemoLocale, readonly string[]> = {
  nl: ['Het probleem is helaas nog niet opgelost.', 'Dit is niet wat ik vroeg, het speelt nog steeds.'],
  en: ['Unfortunately the problem is not solved.', 'That is not what I asked, it is still happening.'],
};

export const AGENT_REPLIES: readonly string[] = [
  'Thanks for reaching out, I am looking into this for you.',
  'Thank you for your patience, I have checked your order.',
  'I have asked our colleagues for an update and will get back to you.',
  'Sorry for the wait. Here is what I can see on our side.',
];

export const SOLVE_REPLIES: readonly string[] = [
  'This is sorted now. Let us know if anything else comes up.',
  'All done: you will see the change within a day.',
  'I have fixed this for you. Have a good day!',
];

export const VERBATIMS: Record<DemoLocale, readonly string[]> = {
  en: [
    'I had to explain everything three times',
    'I kept getting transferred',
    'Nobody told me what was going on',
    'I had to call after my emails went unanswered',
    'It took far too long',
  ],
  nl: [
    'Ik werd steeds doorverbonden',
    'Ik moest alles drie keer uitleggen',
    'Niemand vertelde me wat er aan de hand was',
    'Ik moest bellen omdat mijn mails niet beantwoord werden',
    'Het duurde veel te lang',
  ],
};

export function callBody(minutes: number): string {
  return `Inbound call, ${minutes} minutes`;
}
