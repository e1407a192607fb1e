/**
 * The migration alert_samples_one_row on a database written by the version before it: the
 * samples stored then, with their alert_sample_segments rows, read and replace the same
 * afterwards, and the segment table is gone. For both backends.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle as sqliteDrizzle } from 'drizzle-orm/better-sqlite3';
import { migrate as sqliteMigrate } from 'drizzle-orm/better-sqlite3/migrator';
import { drizzle as pgDrizzle } from 'drizzle-orm/node-postgres';
import { migrate as pgMigrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { openStore } from '../../db/open-store.js';
import type { MetricSample } from '../../src/domain/alerts/sample.js';
import type { Store } from '../../src/ports/store.js';
import { migrationsBefore } from '../support/migrations-before.js';
import { createDatabase } from '../support/postgres-databases.js';

const MIGRATION = '_alert_samples_one_row';
const h0 = Date.parse('2026-03-02T10:00:00Z');
const at = (minutes: number) => new Date(h0 + minutes * 60_000);

/** The samples as the version before stored them, with the segment rows it wrote for each. */
const OLD: MetricSample[] = [
  { key: 'case:1', ticketId: 1, at: at(10), team: 1, segments: ['all', 'channel:email'], values: { effort_index: 10 } },
  {
    key: 'case:2',
    ticketId: 2,
    at: at(30),
    team: null,
    segments: ['all', 'channel:chat'],
    values: { effort_index: 20 },
  },
  {
    key: 'case:3',
    ticketId: 3,
    at: at(50),
    team: 2,
    segments: ['all', 'channel:email', 'tag:vip'],
    values: { effort_index: 30, reopen_rate: 1 },
  },
  { key: 'answer:4', ticketId: 1, at: at(50), team: 1, segments: ['all', 'channel:email'], values: { ces_average: 2 } },
];

/** The statements that write OLD as the version before did (samples, then one row per segment). */
function oldRows(): Array<{ sql: string; params: unknown[] }> {
  return OLD.flatMap((s, i) => [
    {
      sql: 'INSERT INTO alert_samples (id, key, ticket_id, at, team, segments, metric_values) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      params: [i + 1, s.key, s.ticketId, s.at.getTime(), s.team, JSON.stringify(s.segments), JSON.stringify(s.values)],
    },
    ...s.segments.map((segment) => ({
      sql: 'INSERT INTO alert_sample_segments (segment, at, sample_id, team) VALUES ($1, $2, $3, $4)',
      params: [segment, s.at.getTime(), i + 1, s.team ?? -1],
    })),
  ]);
}

const keys = (samples: MetricSample[]) => samples.map((s) => s.key);
const window = { from: at(0), to: at(120), limit: 100 };

/** What a store on the migrated database must read and do, as on one written after the change. */
async function expectReadsAsBefore(store: Store): Promise<void> {
  const all = await store.alertSamples.listSamples({ segment: 'all', ...window });
  expect(keys(all)).toEqual(['answer:4', 'case:3', 'case:2', 'case:1']); // a tie at 50 min: the later id first
  expect(all[1]).toEqual(OLD[2]);
  expect(keys(await store.alertSamples.listSamples({ segment: 'channel:email', ...window }))).toEqual([
    'answer:4',
    'case:3',
    'case:1',
  ]);
  expect(keys(await store.alertSamples.listSamples({ segment: 'tag:vip', ...window }))).toEqual(['case:3']);
  expect(keys(await store.alertSamples.listSamples({ segment: 'all', team: null, ...window }))).toEqual(['case:2']);
  expect(keys(await store.alertSamples.listSamples({ segment: 'channel:email', team: 1, ...window }))).toEqual([
    'answer:4',
    'case:1',
  ]);
  // A sample stored before the migration is replaced as any other: found by key, moved, counted once.
  const moved: MetricSample = { ...(OLD[2] as MetricSample), at: at(5), team: 1, segments: ['all', 'channel:chat'] };
  expect((await store.alertSamples.record(moved)).previous).toEqual(OLD[2]);
  expect(keys(await store.alertSamples.listSamples({ segment: 'tag:vip', ...window }))).toEqual([]);
  expect(keys(await store.alertSamples.listSamples({ segment: 'channel:chat', team: 1, ...window }))).toEqual([
    'case:3',
  ]);
  const { previous } = await store.alertSamples.recordMany([
    { ...(OLD[0] as MetricSample), values: { effort_index: 11 } },
    { key: 'case:9', ticketId: 9, at: at(60), team: 1, segments: ['all'], values: { effort_index: 1 } },
  ]);
  expect(previous).toEqual([OLD[0], null]);
  expect(keys(await store.alertSamples.listSamples({ segment: 'all', team: 1, ...window }))).toEqual([
    'case:9',
    'answer:4',
    'case:1',
    'case:3',
  ]);
}

describe('migration alert_samples_one_row', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('SQLite: samples stored before read and replace the same after it, and the segment table is gone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'effortless-migration-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'effortless.db');
    const sqlite = new Database(file);
    sqliteMigrate(sqliteDrizzle(sqlite), { migrationsFolder: migrationsBefore('migrations', dir, MIGRATION) });
    for (const { sql, params } of oldRows()) sqlite.prepare(sql.replace(/\$\d+/g, '?')).run(...params);
    sqlite.close();

    const store = await openStore(`file:${file}`, { migrate: true });
    cleanups.push(() => store.close());
    await expectReadsAsBefore(store);
    const check = new Database(file, { readonly: true });
    cleanups.push(() => void check.close());
    expect(check.prepare("SELECT name FROM sqlite_master WHERE name = 'alert_sample_segments'").get()).toBeUndefined();
  });

  it('PostgreSQL: samples stored before read and replace the same after it, and the segment table is gone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'effortless-migration-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const url = await createDatabase(inject('postgresServerUrl'), `effortless_migration_${Date.now()}`);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await pgMigrate(pgDrizzle(client), { migrationsFolder: migrationsBefore('migrations-pg', dir, MIGRATION) });
      for (const { sql, params } of oldRows()) await client.query(sql, params);
      // The identity goes on from the rows given ids by hand, as it had from the rows it numbered.
      await client.query("SELECT setval(pg_get_serial_sequence('alert_samples', 'id'), 4)");
    } finally {
      await client.end();
    }

    const store = await openStore(url, { migrate: true, poolSize: 2 });
    cleanups.push(() => store.close());
    await expectReadsAsBefore(store);
    const check = new pg.Client({ connectionString: url });
    await check.connect();
    cleanups.push(() => check.end());
    const { rows } = await check.query("SELECT to_regclass('alert_sample_segments')::text AS present");
    expect(rows[0]?.present).toBeNull();
  });
});
