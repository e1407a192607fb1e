import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../db/open-store.js';
import { createDashboardFacts } from '../../db/sqlite/dashboard-facts.js';
import { seedCase } from '../support/dashboard-cases.js';

const start = Date.UTC(2026, 9, 1);

type CaseSeed = Parameters<typeof seedCase>[1];

/**
 * A file-backed database with `seeds` stored through the store, and the SQLite facts over it
 * refreshed by hand after a test changes a case's rows underneath (fresh for each test).
 */
function seededFacts(seeds: CaseSeed[]) {
  const context = {} as {
    sqlite: Database.Database;
    daysChanged: number[];
    facts: ReturnType<typeof createDashboardFacts>;
  };
  let dir: string;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'effortless-facts-'));
    const store = await openStore(`file:${join(dir, 'facts.db')}`, { migrate: true });
    for (const seed of seeds) await seedCase(store, seed);
    await store.close();
    context.sqlite = new Database(join(dir, 'facts.db'));
    context.daysChanged = [];
    context.facts = createDashboardFacts(context.sqlite, (day) => context.daysChanged.push(day));
  });
  afterEach(() => {
    context.sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return context;
}

describe('SQLite dashboard facts: a refresh that changes nothing counted', () => {
  const world = seededFacts([{ id: 1, createdAt: new Date(start + 3_600_000), team: 5, effortIndex: 40 }]);
  const cells = () =>
    world.sqlite.prepare('select day, team, cases, index_sum from dashboard_days order by team').all();
  const caseRow = () =>
    world.sqlite.prepare('select team, subject, status from dashboard_cases where ticket_id = 1').get() as {
      team: number;
      subject: string;
      status: string;
    };

  it('leaves the day’s cell and its cache alone when only tags and times moved (the write-back’s answer)', () => {
    const before = cells();
    world.sqlite
      .prepare('update tickets set tags = \'["effort_high"]\', updated_at = updated_at + 1000 where id = 1')
      .run();
    world.facts.refresh(1);
    expect(world.daysChanged).toEqual([]);
    expect(cells()).toEqual(before);
  });

  it('rewrites the case row, not the cell, when a shown column changed but no sum did', () => {
    world.sqlite.prepare("update tickets set subject = 'Renamed' where id = 1").run();
    world.facts.refresh(1);
    expect(caseRow().subject).toBe('Renamed');
    expect(world.daysChanged).toEqual([]);
    expect(cells()).toEqual([{ day: start, team: 5, cases: 1, index_sum: 40 }]);
  });

  it('moves the case between cells, and marks its day stale, when its team changes', () => {
    world.sqlite.prepare('update tickets set group_id = 6 where id = 1').run();
    world.facts.refresh(1);
    expect(caseRow().team).toBe(6);
    expect(cells()).toEqual([{ day: start, team: 6, cases: 1, index_sum: 40 }]);
    expect(world.daysChanged).toEqual([start, start]);
  });
});

describe('SQLite dashboard facts: a case whose sums change in the same cell', () => {
  const world = seededFacts([
    { id: 1, createdAt: new Date(start + 3_600_000), team: 5, effortIndex: 40 },
    { id: 2, createdAt: new Date(start + 7_200_000), team: 5, effortIndex: 10 },
  ]);

  it('adds the difference to its cell in one write, which then holds what a rebuild from the cases gives', () => {
    world.sqlite.prepare('update ticket_drivers set effort_index = 55 where ticket_id = 1').run();
    world.facts.refresh(1);
    expect(world.daysChanged).toEqual([start]);
    expect(world.sqlite.prepare('select day, team, cases, index_sum from dashboard_days').all()).toEqual([
      { day: start, team: 5, cases: 2, index_sum: 65 },
    ]);
    const rebuilt = world.sqlite
      .prepare('select count(*) as cases, sum(index_sum) as index_sum from dashboard_cases where team = 5')
      .get();
    expect(rebuilt).toEqual({ cases: 2, index_sum: 65 });
  });
});
