import { addInto, type EffortSums, emptySums } from './effort-sums.js';

export const DAY_MS = 86_400_000;

export interface DatedSums {
  /** Start of the UTC day (or week), epoch ms. */
  start: number;
  sums: EffortSums;
}

export function utcDayStart(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/** Monday 00:00 UTC of the week holding `ms` (ISO weeks). */
export function utcWeekStart(ms: number): number {
  const day = utcDayStart(ms);
  const weekday = (new Date(day).getUTCDay() + 6) % 7;
  return day - weekday * DAY_MS;
}

/**
 * One entry per UTC day from `from` up to (not including) `to`, days without cases holding
 * zeros, so charts show gaps as zero counts and no average rather than joining far points.
 */
export function dailySeries(days: DatedSums[], from: number, to: number): DatedSums[] {
  const byDay = new Map(days.map((d) => [d.start, d.sums]));
  const out: DatedSums[] = [];
  for (let day = utcDayStart(from); day < to; day += DAY_MS)
    out.push({ start: day, sums: byDay.get(day) ?? emptySums() });
  return out;
}

/** The daily series summed per ISO week (Monday start); a partial first or last week holds only its days in range. */
export function weeklySeries(days: DatedSums[]): DatedSums[] {
  const weeks = new Map<number, EffortSums>();
  for (const day of days) {
    const week = utcWeekStart(day.start);
    addInto(weeks.get(week) ?? weeks.set(week, emptySums()).get(week)!, day.sums);
  }
  return [...weeks.entries()].sort(([a], [b]) => a - b).map(([start, sums]) => ({ start, sums }));
}
