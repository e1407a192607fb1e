/**
 * `effortless copy-db --from URL --to URL`: moves an installation between SQLite and
 * PostgreSQL (either way). The target is migrated first; every table of the schema is
 * copied in primary-key order, a page per transaction, and rows the target already has
 * (same primary or unique key) stay as they are, so a second or interrupted run ends
 * with the same target. drizzle's migration bookkeeping is not copied: the target's own
 * migrations wrote it.
 */
import { resolve } from 'node:path';
import { StartupError } from '../../src/ports/errors.js';
import { sqlitePathFromUrl } from '../connection.js';
import { type AppliedMigrations, newerDatabaseError, readJournal } from '../migrate.js';
import { databaseLabel, isPostgresUrl } from '../database-url.js';
import { CopyRefused, type CopySide, copyTable, type NotCopied, planTables, type TableCount } from './copy-tables.js';
import { openPgSource, openPgTarget } from './pg-side.js';
import { openSqliteSource, openSqliteTarget } from './sqlite-side.js';

export { CopyRefused, type NotCopied, type TableCount } from './copy-tables.js';

export interface CopyResult {
  tables: TableCount[];
  /** Tables left out, with the reason (none while both schemas match the database). */
  notCopied: NotCopied[];
}

/** What names one database, whatever the URL's spelling: a resolved file path, or host, port and database. */
function databaseIdentity(url: string): string {
  if (!isPostgresUrl(url)) return `file:${resolve(sqlitePathFromUrl(url))}`;
  try {
    const parsed = new URL(url);
    const database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || decodeURIComponent(parsed.username);
    return `postgres://${parsed.hostname.toLowerCase()}:${parsed.port || '5432'}/${database}`;
  } catch {
    return url;
  }
}

/** The source must hold exactly the tables this version knows: migrated, and not by a newer version. */
function sourceCheck(url: string, migrations: 'migrations' | 'migrations-pg') {
  const label = databaseLabel(url);
  return (applied: AppliedMigrations | null): void => {
    const journal = readJournal(migrations);
    if (!applied || applied.count === 0) {
      throw new CopyRefused(`--from ${label}: not an Effortless database (no migrations applied)`);
    }
    if (newerDatabaseError(label, applied, journal)) {
      throw new CopyRefused(
        `--from ${label}: migrated by a newer Effortless (${applied.count} migrations applied, this version knows ${journal.length}); copy with that version`,
      );
    }
    if (applied.count < journal.length) {
      throw new CopyRefused(
        `--from ${label}: not fully migrated (${applied.count} of ${journal.length} migrations); run \`DATABASE_URL=${label} npx effortless migrate\` first`,
      );
    }
  };
}

/** A start error names DATABASE_URL; here the database is the one after --from or --to. */
function asRefusal(flag: '--from' | '--to', error: unknown): unknown {
  if (!(error instanceof StartupError)) return error;
  return new CopyRefused(`${flag} ${error.message.replace(/^DATABASE_URL=/, '')}`, { cause: error });
}

async function openSource(url: string): Promise<CopySide> {
  try {
    if (isPostgresUrl(url)) return await openPgSource(url, sourceCheck(url, 'migrations-pg'));
    return openSqliteSource(url, sourceCheck(url, 'migrations'));
  } catch (error) {
    throw asRefusal('--from', error);
  }
}

async function openTarget(url: string): Promise<CopySide> {
  try {
    return isPostgresUrl(url) ? await openPgTarget(url) : openSqliteTarget(url);
  } catch (error) {
    throw asRefusal('--to', error);
  }
}

export interface CopyOptions {
  /** Hears each table's counts as it finishes. */
  onTable?: (count: TableCount) => void;
  /** Rows per page and transaction; by default as many as both engines' parameter limits allow, at most 250. */
  pageSize?: number;
}

/** Copies every table from `fromUrl` into `toUrl`. */
export async function copyDatabase(fromUrl: string, toUrl: string, options: CopyOptions = {}): Promise<CopyResult> {
  if (databaseIdentity(fromUrl) === databaseIdentity(toUrl)) {
    throw new CopyRefused(`--from and --to name the same database (${databaseLabel(fromUrl)})`);
  }
  const source = await openSource(fromUrl);
  try {
    const target = await openTarget(toUrl);
    try {
      const { tables, notCopied } = await planTables(source, target);
      const counts: TableCount[] = [];
      for (const table of tables) {
        const count = await copyTable(source, target, table, options.pageSize);
        counts.push(count);
        options.onTable?.(count);
      }
      await target.finish(tables);
      return { tables: counts, notCopied };
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
}
