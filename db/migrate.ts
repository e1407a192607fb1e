import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { StartupError } from '../src/ports/errors.js';
import type { SqliteConnection } from './connection.js';

/** The committed migrations live in db/<folder>, both for sources (tsx, vitest) and dist/. */
export function migrationsFolder(folder: 'migrations' | 'migrations-pg' = 'migrations'): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, folder), join(here, '..', '..', 'db', folder)];
  const found = candidates.find((dir) => existsSync(join(dir, 'meta', '_journal.json')));
  if (!found) throw new Error(`db/${folder} not found (looked in ${candidates.join(', ')})`);
  return found;
}

export interface JournalEntry {
  tag: string;
  /** drizzle's `folderMillis`: stored as `created_at` once the migration is applied. */
  when: number;
}

const journals = new Map<string, JournalEntry[]>();

/** The committed migrations do not change while the process runs: read once, not on every /readyz probe. */
export function readJournal(folder: 'migrations' | 'migrations-pg' = 'migrations'): JournalEntry[] {
  let journal = journals.get(folder);
  if (!journal) {
    journal = (
      JSON.parse(readFileSync(join(migrationsFolder(folder), 'meta', '_journal.json'), 'utf8')) as {
        entries: JournalEntry[];
      }
    ).entries;
    journals.set(folder, journal);
  }
  return journal;
}

/** The refusal when a newer Effortless migrated the database: this version would run on a schema it does not know. */
export function newerDatabaseError(
  databaseUrl: string,
  applied: { count: number; newest: number | null } | null,
  journal: JournalEntry[],
): StartupError | null {
  if (!applied || applied.newest === null) return null;
  const newestKnown = Math.max(...journal.map((entry) => entry.when));
  if (applied.newest <= newestKnown && applied.count <= journal.length) return null;
  return new StartupError(
    'DATABASE_URL',
    `DATABASE_URL=${databaseUrl}: the database was migrated by a newer Effortless (${applied.count} migrations applied, this version knows ${journal.length}); ` +
      'run the newer version, or set DATABASE_URL to another database.',
  );
}

export interface AppliedMigrations {
  count: number;
  newest: number | null;
}

export function appliedMigrations(connection: SqliteConnection): AppliedMigrations | null {
  const table = connection.sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'")
    .get();
  if (!table) return null;
  return connection.sqlite
    .prepare('SELECT COUNT(*) AS count, MAX(created_at) AS newest FROM __drizzle_migrations')
    .get() as AppliedMigrations;
}

export function applyMigrations(connection: SqliteConnection, databaseUrl: string): void {
  const newer = newerDatabaseError(databaseUrl, appliedMigrations(connection), readJournal());
  if (newer) throw newer;
  migrate(connection.db, { migrationsFolder: migrationsFolder() });
}

/** True when every committed migration is recorded in the database. */
export function isFullyMigrated(connection: SqliteConnection): boolean {
  const applied = appliedMigrations(connection);
  return applied !== null && applied.count >= readJournal().length;
}
