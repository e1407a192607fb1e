import { describe, expect, it } from 'vitest';
import { emptySums, type EffortSums, sumAll } from '../../../src/domain/dashboard/effort-sums.js';
import { figuresOf, responseRateByChannel } from '../../../src/domain/dashboard/figures.js';
import { dailySeries, DAY_MS, utcWeekStart, weeklySeries } from '../../../src/domain/dashboard/series.js';

function sums(values: Partial<EffortSums>): EffortSums {
  return { ...emptySums(), ...values };
}

describe('figuresOf', () => {
  it('turns sums into averages, shares and rates', () => {
    const f = figuresOf(
      sums({
        cases: 10,
        indexSum: 300,
        teamHandoffs: 5,
        repeatContacts: 2,
        resolved: 8,
        resolutionMinutes: 8 * 120,
        sentSms: 6,
        answeredSms: 3,
        sentSlack: 2,
        answeredSlack: 1,
        cesN: 4,
        cesSum: 20,
        cesSumSquares: 106,
        cesEasy: 3,
      }),
    );
    expect(f.cases).toBe(10);
    expect(f.surveysSent).toBe(8);
    expect(f.answers).toBe(4);
    expect(f.ces?.value).toBe(5);
    expect(f.easyShare?.value).toBe(0.75);
    expect(f.responseRate?.value).toBe(0.5);
    expect(f.effortIndex).toBe(30);
    expect(f.drivers.teamHandoffs).toBe(0.5);
    expect(f.drivers.repeatContactShare).toBe(0.2);
    expect(f.drivers.resolutionHours).toBe(2);
    expect(f.nps).toBeNull();
    expect(f.csat).toBeNull();
  });

  it('shows no averages for a period without cases', () => {
    const f = figuresOf(emptySums());
    expect(f.ces).toBeNull();
    expect(f.effortIndex).toBeNull();
    expect(f.drivers.channelSwitches).toBeNull();
  });

  it('gives the response rate of each survey channel that sent something', () => {
    const rows = responseRateByChannel(sums({ sentSms: 10, answeredSms: 4, sentSlack: 0 }));
    expect(rows.map((r) => [r.channel, r.sent, r.answered, r.rate?.value])).toEqual([['sms', 10, 4, 0.4]]);
  });
});

describe('series', () => {
  const monday = Date.UTC(2026, 10, 2); // Mon 2 Nov 2026
  it('fills every day of the range, with zeros where nothing happened', () => {
    const days = dailySeries([{ start: monday + DAY_MS, sums: sums({ cases: 3 }) }], monday, monday + 3 * DAY_MS);
    expect(days.map((d) => d.sums.cases)).toEqual([0, 3, 0]);
  });

  it('adds days into ISO weeks starting on Monday, and the weeks add up to the days', () => {
    expect(utcWeekStart(monday + 6 * DAY_MS + 5)).toBe(monday);
    expect(utcWeekStart(monday + 7 * DAY_MS)).toBe(monday + 7 * DAY_MS);
    const days = dailySeries(
      Array.from({ length: 10 }, (_, i) => ({
        start: monday + i * DAY_MS,
        sums: sums({ cases: i + 1, cesN: 1, cesSum: 1 + (i % 7) }),
      })),
      monday,
      monday + 10 * DAY_MS,
    );
    const weeks = weeklySeries(days);
    expect(weeks.map((w) => w.start)).toEqual([monday, monday + 7 * DAY_MS]);
    expect(weeks.map((w) => w.sums.cases)).toEqual([28, 27]);
    expect(sumAll(weeks.map((w) => w.sums))).toEqual(sumAll(days.map((d) => d.sums)));
  });
});
