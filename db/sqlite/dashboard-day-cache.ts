import type Database from 'better-sqlite3';
import { type EffortSums, SUM_FIELDS } from '../../src/domain/dashboard/effort-sums.js';
import type { BreakdownDimension, DashboardFilter } from '../../src/ports/dashboard-store.js';
import { SUM_COLUMNS } from './dashboard-facts.js';

const DAY_MS = 86_400_000;
const WIDTH = SUM_FIELDS.length;

interface Cell {
  team: number;
  channel: string;
  form: number;
  sums: Float64Array;
}

/**
 * dashboard_days in memory, day by day, because summing 25 columns over a year of cells
 * (~70,000 rows at 1,000 cases a day) in SQL takes hundreds of milliseconds and in typed
 * arrays a few. SQLite stays the truth: a day is marked stale whenever a case of it is
 * written (by this process, in dashboard-facts) and read again on the next query; a commit
 * by another process (PRAGMA data_version moves) makes every day stale.
 */
export class DashboardDayCache {
  private days: Map<number, Cell[]> | null = null;
  /** Each day's cells added up, for the unfiltered series (the page's default view). */
  private readonly dayTotals = new Map<number, Float64Array>();
  private readonly stale = new Set<number>();
  private dataVersion = -1;
  private readonly readAll: Database.Statement;
  private readonly readDay: Database.Statement;
  private readonly version: Database.Statement;

  constructor(sqlite: Database.Database) {
    const columns = `day, team, channel, form, ${SUM_COLUMNS.join(', ')}`;
    this.readAll = sqlite.prepare(`select ${columns} from dashboard_days`).raw();
    this.readDay = sqlite.prepare(`select ${columns} from dashboard_days where day = ?`).raw();
    this.version = sqlite.prepare('pragma data_version').pluck();
  }

  /** A case of this day was written (or moved away from it). */
  markStale(day: number): void {
    this.stale.add(day);
  }

  private current(): Map<number, Cell[]> {
    const version = Number(this.version.get());
    if (!this.days || version !== this.dataVersion) {
      this.days = new Map();
      this.dayTotals.clear();
      for (const row of this.readAll.all() as unknown[][]) this.addRow(this.days, row);
      this.stale.clear();
      this.dataVersion = version;
    }
    for (const day of this.stale) {
      this.days.delete(day);
      this.dayTotals.delete(day);
      for (const row of this.readDay.all(day) as unknown[][]) this.addRow(this.days, row);
    }
    this.stale.clear();
    return this.days;
  }

  private addRow(days: Map<number, Cell[]>, row: unknown[]): void {
    const day = Number(row[0]);
    const sums = new Float64Array(WIDTH);
    for (let i = 0; i < WIDTH; i++) sums[i] = Number(row[4 + i]);
    const cell = { team: Number(row[1]), channel: String(row[2]), form: Number(row[3]), sums };
    const list = days.get(day);
    if (list) list.push(cell);
    else days.set(day, [cell]);
    const total = this.dayTotals.get(day) ?? new Float64Array(WIDTH);
    for (let i = 0; i < WIDTH; i++) total[i]! += sums[i]!;
    this.dayTotals.set(day, total);
  }

  /** Sums of the matching cells per group (a day, or a dimension's value), over the filter's days. */
  private sumBy(
    filter: DashboardFilter,
    groupOf: (day: number, cell: Cell) => string | number,
  ): Map<string | number, Float64Array> {
    const days = this.current();
    const from = Math.floor(filter.from.getTime() / DAY_MS) * DAY_MS;
    const to = filter.to.getTime();
    const groups = new Map<string | number, Float64Array>();
    for (const [day, cells] of days) {
      if (day < from || day >= to) continue;
      for (const cell of cells) {
        if (filter.team !== undefined && cell.team !== filter.team) continue;
        if (filter.channel !== undefined && cell.channel !== filter.channel) continue;
        if (filter.form !== undefined && cell.form !== filter.form) continue;
        const key = groupOf(day, cell);
        const into = groups.get(key) ?? new Float64Array(WIDTH);
        groups.set(key, into);
        const sums = cell.sums;
        for (let i = 0; i < WIDTH; i++) into[i]! += sums[i]!;
      }
    }
    return groups;
  }

  dailyTotals(filter: DashboardFilter): Array<{ start: number; sums: EffortSums }> {
    const unfiltered = filter.team === undefined && filter.channel === undefined && filter.form === undefined;
    if (unfiltered) {
      this.current();
      const from = Math.floor(filter.from.getTime() / DAY_MS) * DAY_MS;
      const to = filter.to.getTime();
      return [...this.dayTotals]
        .filter(([day]) => day >= from && day < to)
        .map(([day, sums]) => ({ start: day, sums: toSums(sums) }))
        .sort((a, b) => a.start - b.start);
    }
    return [...this.sumBy(filter, (day) => day)]
      .map(([day, sums]) => ({ start: Number(day), sums: toSums(sums) }))
      .sort((a, b) => a.start - b.start);
  }

  breakdown(filter: DashboardFilter, by: BreakdownDimension): Array<{ key: string; sums: EffortSums }> {
    return [...this.sumBy(filter, (_day, cell) => String(cell[by]))].map(([key, sums]) => ({
      key: String(key),
      sums: toSums(sums),
    }));
  }

  dimensions(): { teams: number[]; channels: string[]; forms: number[] } {
    const teams = new Set<number>();
    const channels = new Set<string>();
    const forms = new Set<number>();
    for (const cells of this.current().values()) {
      for (const cell of cells) {
        teams.add(cell.team);
        channels.add(cell.channel);
        forms.add(cell.form);
      }
    }
    const byNumber = (a: number, b: number) => a - b;
    return { teams: [...teams].sort(byNumber), channels: [...channels].sort(), forms: [...forms].sort(byNumber) };
  }
}

function toSums(values: Float64Array): EffortSums {
  const sums = {} as EffortSums;
  for (let i = 0; i < WIDTH; i++) sums[SUM_FIELDS[i]!] = values[i]!;
  return sums;
}
