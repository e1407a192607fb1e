import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { StartupError } from '../src/ports/errors.js';
import * as schema from './schema.js';

export type SqliteDb = BetterSQLite3Database<typeof schema>;

export interface SqliteConnection {
  db: SqliteDb;
  sqlite: Database.Database;
}

/** `file:data/effortless.db`, a bare path, or `:memory:` (docs/contract.md: DATABASE_URL). */
export function sqlitePathFromUrl(databaseUrl: string): string {
  if (databaseUrl === ':memory:' || databaseUrl === 'file::memory:') return ':memory:';
  return databaseUrl.startsWith('file:') ? databaseUrl.slice('file:'.length) : databaseUrl;
}

export interface SqliteOptions {
  /**
   * The most memory SQLite's page cache may hold, in MiB (`PRAGMA cache_size` with a negative
   * value is KiB). Absent: better-sqlite3's build default, 16 MiB. The cache fills up to its
   * limit as the database grows and is never given back while the connection is open.
   */
  cacheMib?: number | undefined;
}

export function openSqlite(databaseUrl: string, options: SqliteOptions = {}): SqliteConnection {
  const path = sqlitePathFromUrl(databaseUrl);
  let sqlite: Database.Database | null = null;
  try {
    if (path !== ':memory:') createParentFolders(path);
    sqlite = new Database(path);
    // WAL lets the dashboard read while the worker writes; foreign keys keep derived rows honest.
    // Setting WAL writes to the file, so a read-only file or folder fails here, at start.
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('synchronous = NORMAL');
    if (options.cacheMib !== undefined) sqlite.pragma(`cache_size = -${Math.round(options.cacheMib * 1024)}`);
    if (sqlite.readonly) throw Object.assign(new Error('the file is read-only'), { code: 'EROFS' });
  } catch (error) {
    sqlite?.close();
    throw cannotOpen(databaseUrl, path, error);
  }
  return { db: drizzle(sqlite, { schema }), sqlite };
}

/**
 * Creates the missing folders one level at a time. A recursive mkdir is not used: under
 * a virtual file system such as /proc it never returns (Node loops on ENOENT).
 */
function createParentFolders(path: string): void {
  const missing: string[] = [];
  let folder = dirname(resolve(path));
  while (!existsSync(folder)) {
    missing.unshift(folder);
    const parent = dirname(folder);
    if (parent === folder) break;
    folder = parent;
  }
  if (existsSync(folder) && !statSync(folder).isDirectory()) {
    throw Object.assign(new Error(`${folder} is not a folder`), { code: 'ENOTDIR' });
  }
  for (const each of missing) mkdirSync(each);
}

function cannotOpen(databaseUrl: string, path: string, error: unknown): StartupError {
  const reason = error instanceof Error ? error.message : String(error);
  const fix = isPermissionProblem(path, error)
    ? 'make the file and its folder writable for this user, or set DATABASE_URL to another file'
    : 'set DATABASE_URL to a writable file such as file:data/effortless.db';
  return new StartupError(
    'DATABASE_URL',
    `DATABASE_URL=${databaseUrl}: cannot open the SQLite database at ${resolve(path)} (${reason}); ${fix}.`,
    { cause: error },
  );
}

function isPermissionProblem(path: string, error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return true;
  if (/readonly|read-only|permission/i.test(error instanceof Error ? error.message : '')) return true;
  // SQLite says only "unable to open database file" when the folder does not let it create the file.
  try {
    accessSync(dirname(resolve(path)), constants.W_OK);
    return false;
  } catch {
    return existsSync(dirname(resolve(path)));
  }
}
