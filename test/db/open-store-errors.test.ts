import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../db/open-store.js';
import { openSqlite } from '../../db/connection.js';
import { StartupError } from '../../src/ports/errors.js';

const folders: string[] = [];
function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'effortless-open-'));
  folders.push(folder);
  return folder;
}
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

async function startupError(url: string): Promise<StartupError> {
  const error = await openStore(url, { migrate: true }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StartupError);
  return error as StartupError;
}

describe('openStore refuses a database it cannot use, naming DATABASE_URL', () => {
  it('a folder under /proc: fails at once instead of hanging in a recursive mkdir', async () => {
    const error = await startupError('file:/proc/effortless/x.db');
    expect(error.variable).toBe('DATABASE_URL');
    expect(error.message).toMatch(/^DATABASE_URL=file:\/proc\/effortless\/x\.db: cannot open the SQLite database/);
    expect(error.message).not.toContain('\n');
  });

  it('a path below a file', async () => {
    const file = join(tempFolder(), 'plain-file');
    writeFileSync(file, 'x');
    const error = await startupError(`file:${file}/effortless.db`);
    expect(error.message).toContain('is not a folder');
  });

  it('a file that is not a database', async () => {
    const file = join(tempFolder(), 'notes.db');
    writeFileSync(file, 'this is not sqlite, just text long enough to fill a header page'.repeat(20));
    const error = await startupError(`file:${file}`);
    expect(error.message).toMatch(/cannot open the SQLite database .*not a database/);
  });

  it('a database that a newer version migrated', async () => {
    const url = `file:${join(tempFolder(), 'newer.db')}`;
    await (await openStore(url, { migrate: true })).close();
    const connection = openSqlite(url);
    connection.sqlite
      .prepare("INSERT INTO __drizzle_migrations (hash, created_at) VALUES ('from-the-future', 4102444800000)")
      .run();
    connection.sqlite.close();
    const error = await startupError(url);
    expect(error.message).toMatch(/migrated by a newer Effortless \(\d+ migrations applied, this version knows \d+\)/);
  });

  it('creates missing folders for a new file and opens it', async () => {
    const url = `file:${join(tempFolder(), 'a', 'b', 'effortless.db')}`;
    const store = await openStore(url, { migrate: true });
    expect(await store.isReady()).toBe(true);
    await store.close();
  });
});
