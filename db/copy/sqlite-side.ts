/** The SQLite end of `effortless copy-db` (see copy-tables.ts). */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Column, getTableName, is, sql, type Table } from 'drizzle-orm';
import { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { openSqlite, type SqliteConnection, sqlitePathFromUrl } from '../connection.js';
import { type AppliedMigrations, appliedMigrations, applyMigrations } from '../migrate.js';
import * as schema from '../schema.js';
import * as alertSchema from '../schema-alerts.js';
import * as dashboardSchema from '../schema-dashboard.js';
import * as pacingSchema from '../schema-pacing.js';
import { afterKey, CopyRefused, type CopySide, type Row } from './copy-tables.js';

/** Every table of db/schema*.ts (the files drizzle.config.ts lists), by SQL name. */
export function sqliteSchemaTables(): Map<string, Table> {
  const tables = Object.values({ ...schema, ...alertSchema, ...dashboardSchema, ...pacingSchema }).filter((value) =>
    is(value, SQLiteTable),
  ) as Table[];
  return new Map(tables.map((table) => [getTableName(table), table]));
}

/**
 * Tables the migrations keep by triggers, outside the schema (db/migrations/0011): derived,
 * so never copied; copying surveys into SQLite fills them again.
 */
const TRIGGER_MAINTAINED = new Set(['survey_outcome_counts']);

function sqliteSide(connection: SqliteConnection, label: string, onClose: () => void): CopySide {
  const { db, sqlite } = connection;
  return {
    label,
    tables: sqliteSchemaTables(),
    async listTables() {
      const rows = sqlite
        .prepare(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != '__drizzle_migrations'",
        )
        .all() as Array<{ name: string }>;
      return rows.map((row) => row.name).filter((name) => !TRIGGER_MAINTAINED.has(name));
    },
    async readPage(table: Table, key: Column[], after: unknown[] | null, limit: number): Promise<Row[]> {
      return db
        .select()
        .from(table as SQLiteTable)
        .where(after ? afterKey(key, after) : undefined)
        .orderBy(...key.map((column) => sql`${column}`))
        .limit(limit)
        .all() as Row[];
    },
    async insertBatch(table: Table, rows: Row[]): Promise<number> {
      return db.transaction(
        (tx) =>
          tx
            .insert(table as SQLiteTable)
            .values(rows as never)
            .onConflictDoNothing()
            .run().changes,
      );
    },
    // AUTOINCREMENT keeps its high-water mark in sqlite_sequence, which SQLite raises itself
    // when an explicit id is inserted: nothing to move here.
    async finish() {},
    async close() {
      onClose();
      sqlite.close();
    },
  };
}

/** A SQLite source: the file must exist and be migrated; reads share one snapshot (a read transaction). */
export function openSqliteSource(url: string, check: (applied: AppliedMigrations | null) => void): CopySide {
  const path = sqlitePathFromUrl(url);
  if (path === ':memory:' || !existsSync(path)) {
    throw new CopyRefused(`--from ${url}: no SQLite database at ${resolve(path)}`);
  }
  const connection = openSqlite(url);
  try {
    check(appliedMigrations(connection));
    // WAL: a reader keeps the snapshot its first read saw, whatever a running service writes meanwhile.
    connection.sqlite.exec('BEGIN');
    connection.sqlite.prepare('SELECT COUNT(*) FROM sqlite_master').get();
  } catch (error) {
    connection.sqlite.close();
    throw error;
  }
  return sqliteSide(connection, url, () => {
    if (connection.sqlite.inTransaction) connection.sqlite.exec('COMMIT');
  });
}

/** A SQLite target: created when missing and migrated, as `effortless migrate` would. */
export function openSqliteTarget(url: string): CopySide {
  if (sqlitePathFromUrl(url) === ':memory:') {
    throw new CopyRefused(`--to ${url}: an in-memory database would be gone when the copy ends; name a file`);
  }
  const connection = openSqlite(url);
  try {
    applyMigrations(connection, url);
  } catch (error) {
    connection.sqlite.close();
    throw error;
  }
  return sqliteSide(connection, url, () => undefined);
}
