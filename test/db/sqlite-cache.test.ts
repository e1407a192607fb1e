import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as connectionModule from '../../db/connection.js';
import { openStore } from '../../db/open-store.js';

// openStore's connection is private: the spy sees which options it was opened with and the connection itself.
vi.mock('../../db/connection.js', async (importOriginal) => {
  const actual = await importOriginal<typeof connectionModule>();
  return { ...actual, openSqlite: vi.fn(actual.openSqlite) };
});

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
  vi.mocked(connectionModule.openSqlite).mockClear();
});
function databaseUrl(): string {
  const folder = mkdtempSync(join(tmpdir(), 'effortless-cache-'));
  folders.push(folder);
  return `file:${join(folder, 'effortless.db')}`;
}

/** `PRAGMA cache_size`: negative is KiB, positive pages. */
const cacheSize = (connection: connectionModule.SqliteConnection) =>
  connection.sqlite.pragma('cache_size', { simple: true });

describe('SQLite page cache (SQLITE_CACHE_MIB)', () => {
  it('openSqlite sets the cache to the MiB asked for', () => {
    const connection = connectionModule.openSqlite(databaseUrl(), { cacheMib: 2 });
    expect(cacheSize(connection)).toBe(-2048);
    connection.sqlite.close();
  });

  it("leaves better-sqlite3's build default when no size is given", () => {
    const connection = connectionModule.openSqlite(databaseUrl());
    // better-sqlite3 12 is built with SQLITE_DEFAULT_CACHE_SIZE=-16000.
    expect(cacheSize(connection)).toBe(-16000);
    connection.sqlite.close();
  });

  it("openStore opens the service's connection with it", async () => {
    const store = await openStore(databaseUrl(), { migrate: true, sqliteCacheMib: 3 });
    const opened = vi.mocked(connectionModule.openSqlite).mock.results[0]?.value as connectionModule.SqliteConnection;
    expect(vi.mocked(connectionModule.openSqlite).mock.calls[0]?.[1]).toEqual({ cacheMib: 3 });
    expect(cacheSize(opened)).toBe(-3072);
    expect(await store.isReady()).toBe(true);
    await store.close();
  });
});
