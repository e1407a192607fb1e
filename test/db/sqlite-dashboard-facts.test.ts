import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../db/open-store.js';
import { createDashboardFacts } from '../../db/sqlite/dashboard-facts.js';
import { seedCase } from '../support/dashboard-cases.js';

const start = Date.UTC(2026, 9, 1);

/** The SQLite facts of one case, refreshed by hand after the case's rows change underneath. */
describe('SQLite dashboard facts: a refresh that changes nothing counted', () => {
  let dir: string;
  let sqlite: Database.Database;
  let daysChanged: number[];
  let facts: ReturnType<typeof createDashboardFacts>;
  const cells = () => sqlite.prepare('select day, team, cases, index_sum from dashboard_days order by team').all();
  const caseRow = () =>
    sqlite.prepare('select team, subject, status from dashboard_cases where ticket_id = 1').get() as {
      team: number;
      subject: string;
      status: string;
    };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'effortless-facts-'));
    const url = `file:${join(dir, 'facts.db')}`;
    const store = await openStore(url, { migrate: true });
    await seedCase(store, { id: 1, createdAt: new Date(start + 3_600_000), team: 5, effortIndex: 40 });
    await store.close();
    sqlite = new Database(join(dir, 'facts.db'));
    daysChanged = [];
    facts = createDashboardFacts(sqlite, (day) => daysChanged.push(day));
  });
  afterEach(() => {
    sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('leaves the day’s cell and its cache alone when only tags and times moved (the write-back’s answer)', () => {
    const before = cells();
    sqlite.prepare('update tickets set tags = \'["effort_high"]\', updated_at = updated_at + 1000 where id = 1').run();
    facts.refresh(1);
    expect(daysChanged).toEqual([]);
    expect(cells()).toEqual(before);
  });

  it('rewrites the case row, not the cell, when a shown column changed but no sum did', () => {
    sqlite.prepare("update tickets set subject = 'Renamed' where id = 1").run();
    facts.refresh(1);
    expect(caseRow().subject).toBe('Renamed');
    expect(daysChanged).toEqual([]);
    expect(cells()).toEqual([{ day: start, team: 5, cases: 1, index_sum: 40 }]);
  });

  it('moves the case between cells, and marks its day stale, when its team changes', () => {
    sqlite.prepare('update tickets set group_id = 6 where id = 1').run();
    facts.refresh(1);
    expect(caseRow().team).toBe(6);
    expect(cells()).toEqual([{ day: start, team: 6, cases: 1, index_sum: 40 }]);
    expect(daysChanged).toEqual([start, start]);
  });
});
