import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import type pg from 'pg';
import { migrationsFolder, newerDatabaseError, readJournal } from '../migrate.js';
import { redactedUrl } from '../database-url.js';
import type { PgConnection } from './connection.js';

/** Any fixed number: instances starting together take this advisory lock to migrate one at a time. */
const MIGRATION_LOCK = 0x45_46_46_4d; // "EFFM"

export async function appliedPgMigrations(
  connection: pg.Pool | pg.PoolClient,
): Promise<{ count: number; newest: number | null } | null> {
  const table = await connection.query<{ present: string | null }>(
    "SELECT to_regclass('drizzle.__drizzle_migrations')::text AS present",
  );
  if (!table.rows[0]?.present) return null;
  const result = await connection.query<{ count: number; newest: number | null }>(
    'SELECT COUNT(*)::int AS count, MAX(created_at)::bigint AS newest FROM drizzle.__drizzle_migrations',
  );
  return result.rows[0] ?? null;
}

/**
 * Applies the committed PostgreSQL migrations (db/migrations-pg). Several instances may start
 * at once on one database: an advisory lock lets one migrate while the others wait, then
 * find nothing left to do.
 */
export async function applyPgMigrations(connection: PgConnection): Promise<void> {
  const client = await connection.pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      const newer = newerDatabaseError(
        redactedUrl(connection.url),
        await appliedPgMigrations(client),
        readJournal('migrations-pg'),
      );
      if (newer) throw newer;
      // On the client that holds the lock: a pool of one would otherwise wait for itself.
      await migrate(drizzle(client), { migrationsFolder: migrationsFolder('migrations-pg') });
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}

/** True when every committed migration is recorded in the database. */
export async function isPgFullyMigrated(connection: PgConnection): Promise<boolean> {
  const applied = await appliedPgMigrations(connection.pool);
  return applied !== null && applied.count >= readJournal('migrations-pg').length;
}
