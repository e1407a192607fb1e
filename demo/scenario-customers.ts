/** The customer pool of the demo week and the agents who answer them. */
import type { StandInUser } from './stand-ins/zendesk-shapes.js';
import { zendeskTime } from './stand-ins/zendesk-shapes.js';
import { CUSTOMER_ID_BASE, DEMO_TEAMS, type DemoCustomer } from './scenario-model.js';
import { integer, pick, streamFor, uniform } from './scenario-random.js';
import { AGENT_NAMES, FIRST_NAMES, LAST_NAMES, type DemoLocale } from './scenario-text.js';

const DAY_MS = 86_400_000;
const PHONE_SHARE = 0.75;
const SLACK_SHARE = 0.6;
const SLACK_ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

const LOCALES: Record<DemoLocale, { timeZone: string; iana: string; phonePrefix: string; phoneDigits: number }> = {
  // +31 6 1xxxxxxx (Dutch mobile) and +44 7 7xxxxxxxx (UK mobile), E.164.
  nl: { timeZone: 'Amsterdam', iana: 'Europe/Amsterdam', phonePrefix: '+3161', phoneDigits: 7 },
  en: { timeZone: 'London', iana: 'Europe/London', phonePrefix: '+4477', phoneDigits: 8 },
};

/** `count` customers 90001, 90002, ...; phones and Slack ids are unique within the pool. */
export function makeCustomers(seed: number, count: number, start: Date): DemoCustomer[] {
  const rng = streamFor(seed, 11);
  const phones = new Set<string>();
  const slackIds = new Set<string>();
  const customers: DemoCustomer[] = [];
  for (let index = 0; index < count; index += 1) {
    const locale: DemoLocale = rng() < 0.5 ? 'nl' : 'en';
    const zone = LOCALES[locale];
    const first = pick(rng, FIRST_NAMES[locale]);
    const last = pick(rng, LAST_NAMES[locale]);
    const hasPhone = rng() < PHONE_SHARE;
    const inSlack = rng() < SLACK_SHARE;
    const user: StandInUser = {
      id: CUSTOMER_ID_BASE + index,
      name: `${first} ${last}`,
      email: `${first}.${last}.${index + 1}@example.com`.toLowerCase(),
      phone: hasPhone ? unique(phones, () => zone.phonePrefix + digits(rng, zone.phoneDigits)) : null,
      locale,
      time_zone: zone.timeZone,
      iana_time_zone: zone.iana,
      role: 'end-user',
      created_at: zendeskTime(start.getTime() - Math.round(uniform(rng, 30, 900) * DAY_MS)),
    };
    const slackUserId = inSlack ? unique(slackIds, () => 'U' + chars(rng, 8)) : null;
    customers.push({ user, slackUserId });
  }
  return customers;
}

/** The agents of DEMO_TEAMS as Zendesk users. */
export function demoAgentUsers(): StandInUser[] {
  return DEMO_TEAMS.flatMap((team) => team.agents).map((id, index) => {
    const name = AGENT_NAMES[index] ?? `Agent ${id}`;
    return {
      id,
      name,
      email: `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@support.example.com`,
      role: 'agent' as const,
      locale: 'en-US',
      time_zone: 'Amsterdam',
      iana_time_zone: 'Europe/Amsterdam',
      created_at: '2023-01-09T09:00:00Z',
    };
  });
}

function unique(taken: Set<string>, draw: () => string): string {
  for (;;) {
    const value = draw();
    if (!taken.has(value)) {
      taken.add(value);
      return value;
    }
  }
}

function digits(rng: () => number, length: number): string {
  let text = '';
  for (let i = 0; i < length; i += 1) text += String(integer(rng, 0, 9));
  return text;
}

function chars(rng: () => number, length: number): string {
  let text = '';
  for (let i = 0; i < length; i += 1) text += SLACK_ID_CHARS.charAt(integer(rng, 0, SLACK_ID_CHARS.length - 1));
  return text;
}
