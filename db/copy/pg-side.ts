/** The PostgreSQL end of `effortless copy-db` (see copy-tables.ts). */
import { type Column, getTableName, is, sql, type Table } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { PgTable } from 'drizzle-orm/pg-core';
import type pg from 'pg';
import type { AppliedMigrations } from '../migrate.js';
import { redactedUrl } from '../database-url.js';
import { openPostgres, type PgConnection } from '../pg/connection.js';
import { appliedPgMigrations, applyPgMigrations } from '../pg/migrate.js';
import * as schema from '../pg/schema.js';
import * as alertSchema from '../pg/schema-alerts.js';
import * as dashboardSchema from '../pg/schema-dashboard.js';
import * as pacingSchema from '../pg/schema-pacing.js';
import { afterKey, type CopySide, type Row } from './copy-tables.js';

/** Every table of db/pg/schema*.ts (the files drizzle.pg.config.ts lists), by SQL name. */
export function pgSchemaTables(): Map<string, Table> {
  const tables = Object.values({ ...schema, ...alertSchema, ...dashboardSchema, ...pacingSchema }).filter((value) =>
    is(value, PgTable),
  ) as Table[];
  return new Map(tables.map((table) => [getTableName(table), table]));
}

/** The tables of the schema the connection works in (drizzle keeps its bookkeeping in a schema of its own). */
async function listPgTables(client: pg.Pool | pg.PoolClient): Promise<string[]> {
  const { rows } = await client.query<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
  );
  return rows.map((row) => row.table_name);
}

/** Two connections: the source's snapshot, or the target's batches and their bookkeeping. */
const POOL_SIZE = 2;

/**
 * A PostgreSQL source: it must be migrated; every page is read from one REPEATABLE READ
 * transaction, so the copy is one consistent snapshot even while a service writes.
 */
export async function openPgSource(url: string, check: (applied: AppliedMigrations | null) => void): Promise<CopySide> {
  const connection = await openPostgres(url, POOL_SIZE);
  const client = await connection.pool.connect();
  const release = async () => {
    client.release();
    await connection.pool.end();
  };
  try {
    check(await appliedPgMigrations(client));
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  } catch (error) {
    await release();
    throw error;
  }
  const db = drizzle(client);
  return {
    label: redactedUrl(url),
    tables: pgSchemaTables(),
    listTables: () => listPgTables(client),
    async readPage(table: Table, key: Column[], after: unknown[] | null, limit: number): Promise<Row[]> {
      return (await db
        .select()
        .from(table as PgTable)
        .where(after ? afterKey(key, after) : undefined)
        .orderBy(...key.map((column) => sql`${column}`))
        .limit(limit)) as Row[];
    },
    insertBatch: () => Promise.reject(new Error('the source is read-only')),
    async finish() {},
    async close() {
      await client.query('COMMIT').catch(() => undefined);
      await release();
    },
  };
}

/** A PostgreSQL target: migrated first (under the migration lock, as every instance does). */
export async function openPgTarget(url: string): Promise<CopySide> {
  const connection = await openPostgres(url, POOL_SIZE);
  try {
    await applyPgMigrations(connection);
  } catch (error) {
    await connection.pool.end();
    throw error;
  }
  const { db } = connection;
  return {
    label: redactedUrl(url),
    tables: pgSchemaTables(),
    listTables: () => listPgTables(connection.pool),
    readPage: () => Promise.reject(new Error('the target is written, not read')),
    async insertBatch(table: Table, rows: Row[]): Promise<number> {
      const result = await db.transaction((tx) =>
        tx
          .insert(table as PgTable)
          .values(rows as never)
          .onConflictDoNothing(),
      );
      return result.rowCount ?? 0;
    },
    finish: (copiedTables) => moveIdentitiesPastCopiedIds(connection, copiedTables),
    async close() {
      await connection.pool.end();
    },
  };
}

/**
 * Rows copied with their ids leave each identity sequence where it was: the next insert
 * would take id 1 and collide. Each sequence moves to its table's largest id.
 */
async function moveIdentitiesPastCopiedIds(connection: PgConnection, copiedTables: string[]): Promise<void> {
  const identities = await connection.pool.query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns
      WHERE table_schema = current_schema() AND is_identity = 'YES'`,
  );
  for (const { table_name: table, column_name: column } of identities.rows) {
    if (!copiedTables.includes(table)) continue;
    await connection.db.execute(sql`
      SELECT setval(pg_get_serial_sequence(${table}, ${column}), max_id)
        FROM (SELECT MAX(${sql.identifier(column)}) AS max_id FROM ${sql.identifier(table)}) AS copied
       WHERE max_id IS NOT NULL`);
  }
}
