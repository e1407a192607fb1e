import type { z } from 'zod';
import { DAY_MS, utcDayStart } from '../../domain/dashboard/series.js';
import type { DashboardFilter } from '../../ports/dashboard-store.js';
import type { FilterQuery } from './schemas.js';

/** The longest period one request may cover: two years of days. */
const MAX_DAYS = 731;
const DEFAULT_DAYS = 90;

export class BadFilter extends Error {
  readonly status = 400;
}

const dayOf = (value: string) => Date.parse(`${value}T00:00:00Z`);
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The store's filter from validated query parameters: `to` is the last day included, so
 * the filter ends at the start of the day after it. Defaults: the 90 days up to today.
 */
export function toFilter(query: z.infer<typeof FilterQuery>, now: Date) {
  const toDay = query.to ? dayOf(query.to) : utcDayStart(now.getTime());
  const fromDay = query.from ? dayOf(query.from) : toDay - (DEFAULT_DAYS - 1) * DAY_MS;
  if (fromDay > toDay) throw new BadFilter(`from (${isoDay(fromDay)}) is after to (${isoDay(toDay)}).`);
  if ((toDay - fromDay) / DAY_MS + 1 > MAX_DAYS) throw new BadFilter(`A period covers at most ${MAX_DAYS} days.`);
  const filter: DashboardFilter = { from: new Date(fromDay), to: new Date(toDay + DAY_MS) };
  if (query.team !== undefined) filter.team = Number(query.team);
  if (query.channel !== undefined) filter.channel = query.channel;
  if (query.form !== undefined) filter.form = Number(query.form);
  const period = {
    from: isoDay(fromDay),
    to: isoDay(toDay),
    team: query.team ?? null,
    channel: query.channel ?? null,
    form: query.form ?? null,
  };
  return { filter, period };
}
