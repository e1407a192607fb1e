import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { type Column, getTableName, is } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCopyDb } from '../../compose/cli/copy-db-command.js';
import { CopyRefused, copyDatabase } from '../../db/copy/copy-db.js';
import { openStore } from '../../db/open-store.js';
import { pgSchemaTables } from '../../db/copy/pg-side.js';
import { sqliteSchemaTables } from '../../db/copy/sqlite-side.js';
import sqliteConfig from '../../drizzle.config.js';
import pgConfig from '../../drizzle.pg.config.js';
import { populateEveryTable } from '../support/populate-every-table.js';
import { createTestPostgresDatabase } from '../support/store.js';

type Row = Record<string, unknown>;

/** Every table of the schema files drizzle-kit generates the migrations from (drizzle*.config.ts). */
async function tablesOfConfig(config: { schema?: string | string[] }): Promise<unknown[]> {
  const files = ([] as string[]).concat(config.schema ?? []);
  const modules = await Promise.all(files.map((file) => import(new URL(`../../${file}`, import.meta.url).href)));
  return modules.flatMap((module) => Object.values(module as Record<string, unknown>));
}

const sqliteTables = (await tablesOfConfig(sqliteConfig)).filter((value) => is(value, SQLiteTable)) as SQLiteTable[];
const pgTableNames = (await tablesOfConfig(pgConfig))
  .filter((value) => is(value, PgTable))
  .map((table) => getTableName(table as PgTable));

/** A raw row as the other engine would give it: SQLite's 0/1 booleans and JSON text decoded. */
function normalized(table: SQLiteTable, row: Row): Row {
  const out: Row = {};
  for (const column of getTableConfig(table).columns as Column[]) {
    const value = row[column.name];
    if (value === null || value === undefined) out[column.name] = null;
    else if (column.columnType === 'SQLiteBoolean') out[column.name] = Boolean(value);
    else if (column.columnType === 'SQLiteTextJson')
      out[column.name] = typeof value === 'string' ? JSON.parse(value) : value;
    else out[column.name] = value;
  }
  return out;
}

/** JSON with object keys sorted: PostgreSQL's jsonb keeps keys in its own order, not the one written. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([key, each]) => `${JSON.stringify(key)}:${canonical(each)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const byContent = (rows: Row[]) => rows.map(canonical).sort();

async function readSqlite(url: string): Promise<Map<string, string[]>> {
  const sqlite = new Database(url.slice('file:'.length), { readonly: true });
  try {
    return new Map(
      sqliteTables.map((table) => {
        const rows = sqlite.prepare(`SELECT * FROM "${getTableName(table)}"`).all() as Row[];
        return [getTableName(table), byContent(rows.map((row) => normalized(table, row)))];
      }),
    );
  } finally {
    sqlite.close();
  }
}

async function readPg(url: string): Promise<Map<string, string[]>> {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    const tables = new Map<string, string[]>();
    for (const table of sqliteTables) {
      const { rows } = await pool.query(`SELECT * FROM "${getTableName(table)}"`);
      tables.set(getTableName(table), byContent(rows.map((row: Row) => normalized(table, row))));
    }
    return tables;
  } finally {
    await pool.end();
  }
}

async function pgQuery<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

let dir: string;
let source: string;
let expected: Map<string, string[]>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'effortless-copy-db-'));
  source = `file:${join(dir, 'source.db')}`;
  const store = await openStore(source, { migrate: true });
  await populateEveryTable(store, 24);
  await store.close();
  expected = await readSqlite(source);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('copy-db', () => {
  it('copies the tables of every schema file the migrations are generated from', () => {
    expect([...sqliteSchemaTables().keys()].sort()).toEqual(sqliteTables.map(getTableName).sort());
    expect([...pgSchemaTables().keys()].sort()).toEqual([...pgTableNames].sort());
  });

  it('the populated source has rows in every table of the schema', () => {
    const empty = [...expected].filter(([, rows]) => rows.length === 0).map(([name]) => name);
    expect(empty).toEqual([]);
  });

  it('copies SQLite to PostgreSQL and back row for row, page by page, then a second run copies nothing new', async () => {
    const postgres = await createTestPostgresDatabase();
    // Pages of 7 rows: every table takes several, composite keys (alert buckets, dashboard days) included.
    const there = await copyDatabase(source, postgres, { pageSize: 7 });
    expect(there.notCopied).toEqual([]);
    expect(new Set(there.tables.map((t) => t.table))).toEqual(new Set(expected.keys()));
    for (const { table, copied, alreadyThere } of there.tables) {
      expect({ table, copied, alreadyThere }).toEqual({ table, copied: expected.get(table)?.length, alreadyThere: 0 });
    }
    expect(await readPg(postgres)).toEqual(expected);

    const back = `file:${join(dir, 'back.db')}`;
    expect((await copyDatabase(postgres, back, { pageSize: 7 })).notCopied).toEqual([]);
    expect(await readSqlite(back)).toEqual(expected);

    const again = await copyDatabase(source, postgres);
    expect(again.tables.every((t) => t.copied === 0 && t.alreadyThere === expected.get(t.table)?.length)).toBe(true);
    expect(await readPg(postgres)).toEqual(expected);
  });

  it('completes an interrupted copy and leaves the rows already there as they are', async () => {
    const postgres = await createTestPostgresDatabase();
    const stop = new Error('interrupted');
    const interrupted = copyDatabase(source, postgres, {
      pageSize: 5,
      onTable: ({ table }) => {
        if (table === 'dashboard_cases') throw stop;
      },
    });
    await expect(interrupted).rejects.toBe(stop);
    expect((await readPg(postgres)).get('tickets')).toHaveLength(24);
    expect((await readPg(postgres)).get('touches')).toHaveLength(0);
    // A copy stopped inside a table leaves it in part.
    await pgQuery(postgres, 'DELETE FROM tickets WHERE id > 12'); // cascades to timelines, drivers, surveys
    await pgQuery(postgres, 'DELETE FROM outbox WHERE id % 2 = 0');
    await pgQuery(postgres, "UPDATE customers SET name = 'kept' WHERE id = 10001");

    const result = await copyDatabase(source, postgres, { pageSize: 5 });
    const tickets = result.tables.find((t) => t.table === 'tickets');
    expect(tickets).toEqual({ table: 'tickets', copied: 12, alreadyThere: 12 });
    const copied = await readPg(postgres);
    const customers = copied.get('customers') ?? [];
    expect(customers.filter((row) => row.includes('"kept"'))).toHaveLength(1);
    copied.delete('customers');
    expect(copied).toEqual(new Map([...expected].filter(([name]) => name !== 'customers')));
  });

  it('gives new rows fresh ids after the copy, on PostgreSQL and on SQLite', async () => {
    const postgres = await createTestPostgresDatabase();
    await copyDatabase(source, postgres);
    const identities = await pgQuery<{ table_name: string; column_name: string }>(
      postgres,
      "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND is_identity = 'YES'",
    );
    expect(identities.length).toBeGreaterThan(0);
    for (const { table_name: table, column_name: column } of identities) {
      const [row] = await pgQuery<{ next: number; max: number }>(
        postgres,
        `SELECT nextval(pg_get_serial_sequence('${table}', '${column}')) AS next, (SELECT MAX(${column}) FROM ${table}) AS max`,
      );
      expect({ table, fresh: (row?.next ?? 0) > (row?.max ?? 0) }).toEqual({ table, fresh: true });
    }
    const [inserted] = await pgQuery<{ id: number }>(
      postgres,
      `INSERT INTO webhook_deliveries (provider, delivery_id, raw_body, received_at, next_attempt_at)
       VALUES ('zendesk', 'after-copy', '{}', 0, 0) RETURNING id`,
    );
    expect(inserted?.id).toBeGreaterThan(24);

    const back = `file:${join(dir, 'fresh-ids.db')}`;
    await pgQuery(postgres, 'CREATE TABLE hand_made (id int PRIMARY KEY)');
    expect((await copyDatabase(postgres, back)).notCopied).toEqual([
      { table: 'hand_made', reason: 'in the source database but not in the schema' },
    ]);
    const store = await openStore(back, { migrate: false });
    const added = await store.deliveries.add({
      provider: 'zendesk',
      deliveryId: 'after-copy-back',
      eventType: null,
      rawBody: '{}',
      receivedAt: new Date(),
    });
    await store.close();
    expect(added).toEqual({ id: (inserted?.id ?? 0) + 1, duplicate: false });
  });

  it('names a table the source holds outside the schema, and copies the rest', async () => {
    const stray = join(dir, 'stray.db');
    copyFileSync(source.slice('file:'.length), stray);
    const sqlite = new Database(stray);
    sqlite.exec('CREATE TABLE hand_made (id INTEGER PRIMARY KEY)');
    sqlite.close();
    const result = await copyDatabase(`file:${stray}`, `file:${join(dir, 'stray-copy.db')}`);
    expect(result.notCopied).toEqual([{ table: 'hand_made', reason: 'in the source database but not in the schema' }]);
    expect(await readSqlite(`file:${join(dir, 'stray-copy.db')}`)).toEqual(expected);
  });
});

describe('copy-db refuses with one line', () => {
  const refusal = (from: string, to: string) =>
    copyDatabase(from, to).then(
      () => 'copied',
      (error: unknown) => (error instanceof CopyRefused ? error.message : `not a refusal: ${String(error)}`),
    );

  it('the same database on both sides', async () => {
    expect(await refusal(source, source.slice('file:'.length))).toMatch(/^--from and --to name the same database/);
  });

  it('a missing source, and an empty file that no Effortless migrated', async () => {
    expect(await refusal(`file:${join(dir, 'nothing.db')}`, `file:${join(dir, 'x.db')}`)).toMatch(
      /^--from file:.*nothing\.db: no SQLite database at /,
    );
    writeFileSync(join(dir, 'empty.db'), '');
    expect(await refusal(`file:${join(dir, 'empty.db')}`, `file:${join(dir, 'x.db')}`)).toMatch(
      /^--from file:.*empty\.db: not an Effortless database \(no migrations applied\)$/,
    );
  });

  it('a source migrated by a newer Effortless, on SQLite and on PostgreSQL', async () => {
    const newer = join(dir, 'newer.db');
    const store = await openStore(`file:${newer}`, { migrate: true });
    await store.close();
    const sqlite = new Database(newer);
    sqlite.prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)').run('future', 9e12);
    sqlite.close();
    expect(await refusal(`file:${newer}`, `file:${join(dir, 'x.db')}`)).toMatch(
      /^--from file:.*newer\.db: migrated by a newer Effortless \(\d+ migrations applied, this version knows \d+\); copy with that version$/,
    );

    const postgres = await createTestPostgresDatabase();
    await pgQuery(
      postgres,
      "INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES ('future', 9000000000000)",
    );
    expect(await refusal(postgres, `file:${join(dir, 'x.db')}`)).toMatch(
      /^--from postgres:\/\/postgres:\*\*\*@.*: migrated by a newer Effortless/,
    );
  });

  it('an unreachable PostgreSQL, naming the flag and hiding the password', async () => {
    const message = await refusal(source, 'postgres://someone:secret-pw@127.0.0.1:1/nowhere');
    expect(message).toMatch(/^--to postgres:\/\/someone:\*\*\*@127\.0\.0\.1:1\/nowhere: cannot connect to PostgreSQL/);
    expect(message).not.toContain('secret-pw');
  });
});

describe('effortless copy-db', () => {
  let lines: string[];
  beforeEach(() => {
    lines = [];
  });
  afterEach(() => undefined);

  it('prints each table with its counts and a total, and exits 1 with one line when refused', async () => {
    const postgres = await createTestPostgresDatabase();
    expect(await runCopyDb(source, postgres, (line) => lines.push(line))).toBe(0);
    expect(lines).toContainEqual(expect.stringMatching(/^tickets +24 copied +0 already there$/));
    expect(lines.at(-1)).toMatch(/^copied \d+ rows in \d+ tables \(0 already there\) in [\d.]+ s$/);

    lines = [];
    expect(await runCopyDb(source, source, (line) => lines.push(line))).toBe(1);
    expect(lines).toEqual([expect.stringMatching(/^effortless copy-db: --from and --to name the same database/)]);
  });
});
