/**
 * A simulated contact-center week for `npm run demo`: customers, and solved tickets with
 * their full Zendesk audit history, generated from a seed (same options, same week). From
 * `riseAt` on, RISING_TEAM_ID's cases bounce between teams far more often than the others'.
 * Pure: no clock, no Math.random, no I/O.
 */
import type { StandInAudit } from './stand-ins/zendesk-shapes.js';
import { zendeskTime } from './stand-ins/zendesk-shapes.js';
import { draftCase, FIRST_CHANNELS, PHONE_CHANNELS, type CaseDraft } from './scenario-case.js';
import { makeCustomers } from './scenario-customers.js';
import {
  AUDIT_ID_BASE,
  DEMO_TEAMS,
  RISING_TEAM_ID,
  riseHourOf,
  TICKET_ID_BASE,
  type DemoCase,
  type DemoCustomer,
  type DemoOptions,
  type DemoWeek,
} from './scenario-model.js';
import { pick, streamFor, uniform, weighted } from './scenario-random.js';

export * from './scenario-model.js';
export { customerAnswer } from './scenario-answer.js';
export { demoAgentUsers } from './scenario-customers.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/**
 * Share of tickets from a customer who already has one. Kept low: the service only knows
 * tickets it was told about, so repeat contacts climb while the week fills its memory.
 */
const P_RETURNING = 0.06;
const DAYTIME_SHARE = 0.8; // of tickets created 08:00-18:00 UTC
const HANDOFFS_NORMAL: ReadonlyArray<readonly [number, number]> = [
  [0, 0.82],
  [1, 0.15],
  [2, 0.03],
];
const HANDOFFS_RISING: ReadonlyArray<readonly [number, number]> = [
  [0, 0.15],
  [1, 0.5],
  [2, 0.35],
];
const SWITCHES: ReadonlyArray<readonly [number, number]> = [
  [0, 0.7],
  [1, 0.25],
  [2, 0.05],
];
const P_REOPEN = 0.08;
/** Weighted gaps between audits are at least this long. */
const MIN_GAP_S = 60;
/** Days of ticket creation before the week, so its first solves include long cases. */
const WARMUP_DAYS = 3;

export function generateWeek(options: DemoOptions): DemoWeek {
  const { seed, days, ticketsPerDay } = options;
  if (!(days > 0) || !Number.isInteger(ticketsPerDay) || ticketsPerDay < 0)
    throw new Error('days must be > 0 and ticketsPerDay a whole number >= 0');
  const startMs = Math.ceil(options.start.getTime() / 1000) * 1000;
  const endMs = startMs + Math.round(days * DAY_MS);
  const riseMs = startMs + riseHourOf(days) * HOUR_MS;
  // Tickets are created from WARMUP_DAYS before the week, and only those solved inside it are
  // kept: the week starts in a steady state, not with only the quick cases solved first
  // (that would bias the alerts' baseline towards easy cases).
  const createFrom = startMs - WARMUP_DAYS * DAY_MS;
  const total = Math.round((days + WARMUP_DAYS) * ticketsPerDay);

  const customers = new CustomerChooser(makeCustomers(seed, Math.max(1, total), new Date(createFrom)));
  const createdTimes = creationTimes(seed, total, ticketsPerDay, createFrom, endMs);

  const built = createdTimes.map((plannedMs, index) => {
    const ticketId = TICKET_ID_BASE + index;
    const rng = streamFor(seed, 21, ticketId);
    let firstChannel = weighted(rng, FIRST_CHANNELS);
    let customer = customers.choose(rng, PHONE_CHANNELS.has(firstChannel));
    if (!customer) {
      firstChannel = 'email';
      customer = customers.choose(rng, false)!;
    }
    const owner = pick(rng, DEMO_TEAMS);
    const rising = owner.id === RISING_TEAM_ID && plannedMs >= riseMs;
    const draft = draftCase(
      {
        ticketId,
        customer,
        owner,
        handoffs: weighted(rng, rising ? HANDOFFS_RISING : HANDOFFS_NORMAL),
        switches: weighted(rng, SWITCHES),
        reopened: rng() < P_REOPEN,
        firstChannel,
      },
      rng,
    );
    return { draft, customer, ...layOut(draft, plannedMs, Number.POSITIVE_INFINITY, rng) };
  });

  // Audit ids count up in time order over the whole week, as Zendesk's do.
  const allAudits = built.flatMap(({ audits }) => audits.map((audit, seq) => ({ audit, seq })));
  allAudits.sort(
    (a, b) =>
      compareText(a.audit.created_at, b.audit.created_at) || a.audit.ticket_id - b.audit.ticket_id || a.seq - b.seq,
  );
  allAudits.forEach(({ audit }, index) => {
    audit.id = AUDIT_ID_BASE + index;
  });

  const inWeek = built.filter(({ solvedMs }) => solvedMs >= startMs && solvedMs < endMs);
  const cases: DemoCase[] = inWeek.map(({ draft, customer, audits, createdMs, solvedMs }) => ({
    ticket: { ...draft.ticket, created_at: zendeskTime(createdMs), updated_at: zendeskTime(solvedMs) },
    audits,
    createdAt: new Date(createdMs),
    solvedAt: new Date(solvedMs),
    customer,
    facts: draft.facts,
  }));
  cases.sort((a, b) => a.solvedAt.getTime() - b.solvedAt.getTime() || a.ticket.id - b.ticket.id);
  const inCases = new Set(cases.map((c) => c.customer.user.id));
  const used = customers.used.filter((c) => inCases.has(c.user.id)).sort((a, b) => a.user.id - b.user.id);
  return { customers: used, cases, riseAt: new Date(riseMs) };
}

/**
 * Hands out customers in ticket creation order: a returning customer (one who already has a
 * ticket) with probability P_RETURNING, else the next new one from the pool. Calls and SMS
 * need a customer with a phone; null when there is none.
 */
class CustomerChooser {
  readonly used: DemoCustomer[] = [];
  private readonly usedWithPhone: DemoCustomer[] = [];
  private readonly taken = new Set<number>();
  private firstFree = 0;

  constructor(private readonly pool: DemoCustomer[]) {}

  choose(rng: () => number, needsPhone: boolean): DemoCustomer | null {
    const returning = needsPhone ? this.usedWithPhone : this.used;
    if (returning.length > 0 && rng() < P_RETURNING) return pick(rng, returning);
    while (this.taken.has(this.firstFree)) this.firstFree += 1;
    let index = this.firstFree;
    while (index < this.pool.length && (this.taken.has(index) || (needsPhone && !this.pool[index]?.user.phone)))
      index += 1;
    const fresh = this.pool[index];
    if (!fresh) return returning.length > 0 ? pick(rng, returning) : null;
    this.taken.add(index);
    this.used.push(fresh);
    if (fresh.user.phone) this.usedWithPhone.push(fresh);
    return fresh;
  }
}

/** Code-unit order: Zendesk timestamps of one format sort as text. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `ticketsPerDay` per day, mostly 08:00-18:00 UTC, sorted; whole seconds in [start, end). */
function creationTimes(seed: number, total: number, ticketsPerDay: number, startMs: number, endMs: number): number[] {
  const rng = streamFor(seed, 1);
  const times: number[] = [];
  for (let index = 0; index < total; index += 1) {
    const dayMs = startMs + Math.floor(index / ticketsPerDay) * DAY_MS;
    const midnight = dayMs - (dayMs % DAY_MS);
    const hour = rng() < DAYTIME_SHARE ? uniform(rng, 8, 18) : uniform(rng, 18, 32) % 24;
    let at = Math.floor((midnight + hour * HOUR_MS) / 1000) * 1000;
    if (at < startMs) at += DAY_MS;
    if (at >= endMs) at = endMs - 1000 * Math.ceil(uniform(rng, 60, 3600));
    times.push(Math.max(startMs, at));
  }
  return times.sort((a, b) => a - b);
}

/**
 * Times the steps: each weighted gap is MIN_GAP_S plus its share of the case's duration. A
 * case that would be solved after the week ends is squeezed into what is left of the week,
 * or, when under an hour is left, squeezed into 1-2 hours and created that much earlier.
 */
function layOut(
  draft: CaseDraft,
  plannedMs: number,
  endMs: number,
  rng: () => number,
): { audits: StandInAudit[]; createdMs: number; solvedMs: number } {
  const fixedSec = draft.steps.reduce((sum, step) => sum + ('fixed' in step.gap ? step.gap.fixed : 0), 0);
  const weightedSteps = draft.steps.filter((step) => 'weight' in step.gap).length;
  const raw = draft.steps.map((step) => ('weight' in step.gap ? step.gap.weight * (0.5 - Math.log(1 - rng())) : 0));
  const rawTotal = raw.reduce((sum, value) => sum + value, 0) || 1;
  const marginSec = Math.round(uniform(rng, 300, 1800));
  const availableSec = Math.floor((endMs - plannedMs) / 1000) - marginSec - fixedSec;
  let createdMs = plannedMs;
  let durationSec = draft.durationSec;
  if (durationSec > availableSec) {
    if (availableSec >= 3600) durationSec = availableSec;
    else {
      durationSec = Math.round(uniform(rng, 3600, 7200));
      createdMs = endMs - (marginSec + fixedSec + durationSec) * 1000;
    }
  }
  const spread = Math.max(0, durationSec - MIN_GAP_S * weightedSteps);
  let offset = 0;
  const audits = draft.steps.map((step, index): StandInAudit => {
    offset += 'fixed' in step.gap ? step.gap.fixed : MIN_GAP_S + (spread * (raw[index] ?? 0)) / rawTotal;
    return {
      id: 0,
      ticket_id: draft.ticket.id,
      created_at: zendeskTime(createdMs + Math.round(offset) * 1000),
      author_id: step.author_id,
      via: step.via,
      events: step.events,
    };
  });
  const solvedMs = Date.parse(audits.at(-1)?.created_at ?? '');
  return { audits, createdMs, solvedMs };
}
