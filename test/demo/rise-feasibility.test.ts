import { describe, expect, it } from 'vitest';
import { demoRiseFeasibility, riseFeasibility, type RiseFeasibilityInput } from '../../demo/rise-feasibility.js';
import { DEFAULT_SEGMENT_RULES } from '../../src/domain/alerts/rules.js';

const RULES = DEFAULT_SEGMENT_RULES; // what the demo's service judges by (it sets no rules)
const midweek = (days: number) => Math.round(days * 12);
const input = (
  days: number,
  ticketsPerDay: number,
  rules: Partial<RiseFeasibilityInput['rules']> = {},
): RiseFeasibilityInput => ({
  days,
  ticketsPerDay,
  rules: { ...RULES, ...rules },
  teams: 4,
  riseHourOf: midweek,
  risingTeam: 'Shipping',
});

describe('riseFeasibility', () => {
  it("finds the README's default run (7 days, 143 tickets a day) big enough", () => {
    const check = demoRiseFeasibility(7, 143, RULES);
    expect(check.feasible).toBe(true);
    expect(check.explanation).toEqual([]);
    expect(check.expectedRecent).toBeCloseTo(143 / 4); // a day of Shipping's cases >= minRecent 30
    expect(check.expectedBaseline).toBeCloseTo((143 / 4) * 3.5); // 3.5 days before the rise >= minBaseline 100
  });

  it('says a one-day run is too short, whatever its size, and how many days it needs', () => {
    const check = riseFeasibility(input(1, 1000));
    expect(check.feasible).toBe(false);
    expect(check.minDays).toBe(2); // 24 h must follow the rise at midweek
    expect(check.explanation[0]).toBe(
      '--days 1 is too short: the rise starts at hour 12 of 24, and the alert judges a team on its last 24 hours of cases (alerts.rules.recentHours), so at least 24 hours must follow the rise.',
    );
    expect(check.explanation.at(-1)).toBe('Use --days 2 or more.');
  });

  it('derives the minimum tickets a day from minRecent and minBaseline, exactly', () => {
    // A day of recent cases: 30 of a quarter of the tickets -> 120 a day. Before the rise
    // (3.5 days of 7): 100 of a quarter -> 9600 / 84 h = 114.3 -> 115. The larger wins.
    expect(riseFeasibility(input(7, 120)).feasible).toBe(true);
    const short = riseFeasibility(input(7, 119));
    expect(short.feasible).toBe(false);
    expect(short.minTicketsPerDay).toBe(120);
    expect(short.explanation[0]).toContain(
      'at least 30 of its cases in the last 24 hours (alerts.rules.minRecent; this run gives about 29)',
    );
    expect(short.explanation.at(-1)).toBe('Use --tickets-per-day 120 or more.');
    // Two days leave one day before the rise: 100 cases need 400 tickets a day, or a longer week.
    const twoDays = riseFeasibility(input(2, 300));
    expect(twoDays.minTicketsPerDay).toBe(400);
    expect(twoDays.explanation[0]).toContain(
      'at least 100 before the rise (alerts.rules.minBaseline; the 24 hours before it give about 75)',
    );
    expect(twoDays.explanation.at(-1)).toBe('Use --tickets-per-day 400 or more, or --days 3 or more.');
  });

  it('follows the configured rules, not fixed numbers', () => {
    expect(riseFeasibility(input(7, 120, { minRecent: 60 })).minTicketsPerDay).toBe(240);
    expect(riseFeasibility(input(2, 1000, { recentHours: 36 })).minDays).toBe(3);
    // The baseline window caps how far back cases count: 2 days of it before a rise at day 30.
    const capped = riseFeasibility(input(60, 120, { baselineDays: 2 }));
    expect(capped.expectedBaseline).toBeCloseTo(60);
    expect(capped.minTicketsPerDay).toBe(200);
  });

  it('asks for more tickets when no number of days would do', () => {
    const check = riseFeasibility(input(1, 100));
    expect(check.explanation).toHaveLength(3); // too short, too few, what to use
    expect(check.explanation.at(-1)).toBe('Use --days 2 or more with --tickets-per-day 400 or more.');
  });
});
