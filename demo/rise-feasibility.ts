/**
 * Can a demo run of this size catch the rise at all? Pure counting over the alert rules the
 * service judges the rising team by and where the scenario puts the rise, so `effortless demo`
 * can say before it plays that a run is too short or too small, and what to change.
 *
 * The model: the rising team solves about ticketsPerDay / teams cases a day (the scenario
 * starts the week in a steady state). The rise is judged cleanly at the hour when the recent
 * window (`recentHours`) has just filled with cases solved after the rise, against a baseline
 * of cases solved before it (at most `baselineDays` back). So:
 *   1. the week must go on for `recentHours` after the rise (the hours played after the
 *      week bring no new cases);
 *   2. the recent window must hold `minRecent` of the team's cases;
 *   3. the hours before the rise must hold `minBaseline` of them.
 * These are necessary conditions, not a guarantee: a run just above them may still miss the
 * rise by chance (the alert also has to find it significant).
 */
import type { SegmentRules } from '../src/domain/alerts/rules.js';
import { plural } from './plural.js';
import { DEMO_TEAMS, RISING_TEAM_ID, riseHourOf, teamById } from './scenario-model.js';

export type RiseRules = Pick<SegmentRules, 'recentHours' | 'baselineDays' | 'minRecent' | 'minBaseline'>;

export interface RiseFeasibilityInput {
  days: number;
  ticketsPerDay: number;
  rules: RiseRules;
  /** How many teams share the tickets evenly; one of them rises. */
  teams: number;
  /** The scenario's hour of the week at which the rise starts, for a week of `days`. */
  riseHourOf: (days: number) => number;
  /** Names used in the explanation. */
  risingTeam: string;
}

export interface RiseFeasibility {
  feasible: boolean;
  /** The rising team's expected cases in the recent window and before the rise. */
  expectedRecent: number;
  expectedBaseline: number;
  /** Fewest days that leave `recentHours` after the rise. */
  minDays: number;
  /** Fewest tickets a day that fill both windows, for max(days, minDays) days. */
  minTicketsPerDay: number;
  /** Why the run cannot catch the rise and what to change; empty when feasible. */
  explanation: string[];
}

/** Longest week the search for a suggestion looks at (the CLI allows 60 days). */
const MAX_DAYS = 366;

function hoursAfterRise(days: number, input: RiseFeasibilityInput): number {
  return days * 24 - input.riseHourOf(days);
}

function baselineHours(days: number, input: RiseFeasibilityInput): number {
  return Math.min(input.riseHourOf(days), input.rules.baselineDays * 24);
}

/** Tickets a day at which the team's share of `hours` holds `cases` (share = 1 / teams). */
function ticketsFor(cases: number, hours: number, teams: number): number {
  return hours <= 0 ? Number.POSITIVE_INFINITY : Math.ceil((cases * teams * 24) / hours);
}

function minTicketsFor(days: number, input: RiseFeasibilityInput): number {
  const { rules, teams } = input;
  return Math.max(
    ticketsFor(rules.minRecent, rules.recentHours, teams),
    ticketsFor(rules.minBaseline, baselineHours(days, input), teams),
  );
}

export function riseFeasibility(input: RiseFeasibilityInput): RiseFeasibility {
  const { days, ticketsPerDay, rules, teams } = input;
  let minDays = 1;
  while (minDays < MAX_DAYS && hoursAfterRise(minDays, input) < rules.recentHours) minDays += 1;
  const perHour = ticketsPerDay / teams / 24;
  const expectedRecent = perHour * rules.recentHours;
  const expectedBaseline = perHour * baselineHours(days, input);
  const longEnough = hoursAfterRise(days, input) >= rules.recentHours;
  const minTicketsPerDay = minTicketsFor(Math.max(days, minDays), input);
  const feasible = longEnough && ticketsPerDay >= minTicketsPerDay;
  return {
    feasible,
    expectedRecent,
    expectedBaseline,
    minDays,
    minTicketsPerDay,
    explanation: feasible
      ? []
      : explain(input, { longEnough, minDays, minTicketsPerDay, expectedRecent, expectedBaseline }),
  };
}

/** Fewest days (from `from`) at which `ticketsPerDay` is enough; null when no length is. */
function daysFor(ticketsPerDay: number, from: number, input: RiseFeasibilityInput): number | null {
  for (let days = from; days <= MAX_DAYS; days += 1) if (ticketsPerDay >= minTicketsFor(days, input)) return days;
  return null;
}

function explain(
  input: RiseFeasibilityInput,
  found: {
    longEnough: boolean;
    minDays: number;
    minTicketsPerDay: number;
    expectedRecent: number;
    expectedBaseline: number;
  },
): string[] {
  const { days, ticketsPerDay, rules, teams, risingTeam } = input;
  const riseHour = input.riseHourOf(days);
  const lines: string[] = [];
  if (!found.longEnough) {
    lines.push(
      `--days ${days} is too short: the rise starts at hour ${riseHour} of ${days * 24}, and the alert judges a team on its last ` +
        `${plural(rules.recentHours, 'hour')} of cases (alerts.rules.recentHours), so at least ${plural(rules.recentHours, 'hour')} must follow the rise.`,
    );
  }
  const about = (value: number) => `about ${Math.floor(value)}`;
  const wants = [
    ...(found.expectedRecent < rules.minRecent
      ? [
          `${rules.minRecent} of its cases in the last ${plural(rules.recentHours, 'hour')} (alerts.rules.minRecent; this run gives ${about(found.expectedRecent)})`,
        ]
      : []),
    ...(found.expectedBaseline < rules.minBaseline
      ? [
          `${rules.minBaseline} before the rise (alerts.rules.minBaseline; the ${plural(baselineHours(days, input), 'hour')} before it give ${about(found.expectedBaseline)})`,
        ]
      : []),
  ];
  if (wants.length > 0) {
    lines.push(
      `--tickets-per-day ${ticketsPerDay} is too few: ${risingTeam} gets 1 in ${teams} tickets, and the alert needs at least ${wants.join(' and at least ')}.`,
    );
  }
  lines.push(suggestion(input, found.minDays));
  return lines;
}

function suggestion(input: RiseFeasibilityInput, minDays: number): string {
  const { days, ticketsPerDay } = input;
  const longer = daysFor(ticketsPerDay, Math.max(days, minDays), input);
  const ticketsAtLength = minTicketsFor(Math.max(days, minDays), input);
  if (days < minDays) {
    if (longer !== null) return `Use --days ${longer} or more.`;
    return `Use --days ${minDays} or more with --tickets-per-day ${ticketsAtLength} or more.`;
  }
  const options = [`--tickets-per-day ${ticketsAtLength} or more`];
  if (longer !== null && longer !== days) options.push(`--days ${longer} or more`);
  return `Use ${options.join(', or ')}.`;
}

/** The check for the demo's own scenario: its teams, its rising team, its rise at midweek. */
export function demoRiseFeasibility(days: number, ticketsPerDay: number, rules: RiseRules): RiseFeasibility {
  return riseFeasibility({
    days,
    ticketsPerDay,
    rules,
    teams: DEMO_TEAMS.length,
    riseHourOf,
    risingTeam: teamById(RISING_TEAM_ID).name,
  });
}
