import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { StartupError } from '../src/ports/errors.js';
import type { SqliteConnection } from './connection.js';

/** The committed migrations live in db/migrations, both for sources (tsx, vitest) and dist/. */
export function migrationsFolder(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, 'migrations'), join(here, '..', '..', 'db', 'migrations')];
  const found = candidates.find((dir) => existsSync(join(dir, 'meta', '_journal.json')));
  if (!found) throw new Error(`db/migrations not found (looked in ${candidates.join(', ')})`);
  return found;
}

interface JournalEntry {
  tag: string;
  /** drizzle's `folderMillis`: stored as `created_at` once the migration is applied. */
  when: number;
}

let journal: JournalEntry[] | null = null;

/** The committed migrations do not change while the process runs: read once, not on every /readyz probe. */
function readJournal(): JournalEntry[] {
  journal ??= (
    JSON.parse(readFileSync(join(migrationsFolder(), 'meta', '_journal.json'), 'utf8')) as { entries: JournalEntry[] }
  ).entries;
  return journal;
}

interface AppliedMigrations {
  count: number;
  newest: number | null;
}

function appliedMigrations(connection: SqliteConnection): AppliedMigrations | null {
  const table = connection.sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'")
    .get();
  if (!table) return null;
  return connection.sqlite
    .prepare('SELECT COUNT(*) AS count, MAX(created_at) AS newest FROM __drizzle_migrations')
    .get() as AppliedMigrations;
}

/**
 * Refuses a database that a newer Effortless migrated: drizzle would skip every known
 * migration and this version would run on a schema it does not know.
 */
function assertNotNewer(connection: SqliteConnection, databaseUrl: string): void {
  const applied = appliedMigrations(connection);
  const journal = readJournal();
  const newestKnown = Math.max(...journal.map((entry) => entry.when));
  if (!applied || applied.newest === null) return;
  if (applied.newest > newestKnown || applied.count > journal.length) {
    throw new StartupError(
      'DATABASE_URL',
      `DATABASE_URL=${databaseUrl}: the database was migrated by a newer Effortless (${applied.count} migrations applied, this version knows ${journal.length}); ` +
        'run the newer version, or set DATABASE_URL to another database.',
    );
  }
}

export function applyMigrations(connection: SqliteConnection, databaseUrl: string): void {
  assertNotNewer(connection, databaseUrl);
  migrate(connection.db, { migrationsFolder: migrationsFolder() });
}

/** True when every committed migration is recorded in the database. */
export function isFullyMigrated(connection: SqliteConnection): boolean {
  const applied = appliedMigrations(connection);
  return applied !== null && applied.count >= readJournal().length;
}
