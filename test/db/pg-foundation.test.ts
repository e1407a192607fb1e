import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../db/open-store.js';
import { openPostgres } from '../../db/pg/connection.js';
import { PgUnitOfWork } from '../../db/pg/unit-of-work.js';
import { StartupError } from '../../src/ports/errors.js';
import type { Store } from '../../src/ports/store.js';
import { createTestPostgresDatabase, openPgTestStore } from '../support/store.js';

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

describe('PostgreSQL store', () => {
  it('opens a postgres:// URL migrated and ready, and is not ready once closed', async () => {
    store = await openPgTestStore();
    expect(await store.isReady()).toBe(true);
    await store.close();
    expect(await store.isReady()).toBe(false);
  });

  it('migrates a new database on open, and a second open finds nothing left to do', async () => {
    const url = await createTestPostgresDatabase();
    const first = await openStore(url, { migrate: true, poolSize: 2 });
    const second = await openStore(url, { migrate: true, poolSize: 2 });
    expect(await first.isReady()).toBe(true);
    expect(await second.isReady()).toBe(true);
    await Promise.all([first.close(), second.close()]);
  });

  it('ends the start with one line naming the URL without its password when the server cannot be reached', async () => {
    const failure = await openStore('postgres://someone:secret-pw@127.0.0.1:1/nowhere', { migrate: true }).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(StartupError);
    expect(String((failure as Error).message)).toMatch(
      /^DATABASE_URL=postgres:\/\/someone:\*\*\*@127\.0\.0\.1:1\/nowhere: cannot connect/,
    );
    expect(String((failure as Error).message)).not.toContain('secret-pw');
  });

  it('commits a unit of work whole or not at all, and runs after-commit callbacks only on commit', async () => {
    const connection = await openPostgres(await createTestPostgresDatabase(), 2);
    const unit = new PgUnitOfWork(connection);
    await unit.db.execute('CREATE TABLE probe (n int)');
    const ran: string[] = [];
    await unit.atomically(async () => {
      await unit.db.execute('INSERT INTO probe VALUES (1)');
      unit.afterCommit(() => ran.push('committed'));
    });
    await expect(
      unit.atomically(async () => {
        await unit.db.execute('INSERT INTO probe VALUES (2)');
        unit.afterCommit(() => ran.push('rolled back'));
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const rows = await connection.pool.query('SELECT n FROM probe ORDER BY n');
    expect(rows.rows).toEqual([{ n: 1 }]);
    expect(ran).toEqual(['committed']);
    await connection.pool.end();
  });

  it('runs before-commit work last in the transaction, once per key, and at once outside one', async () => {
    const connection = await openPostgres(await createTestPostgresDatabase(), 2);
    const unit = new PgUnitOfWork(connection);
    await unit.db.execute('CREATE TABLE probe (n int)');
    const ran: string[] = [];
    await unit.atomically(async () => {
      await unit.beforeCommit('b', async () => {
        ran.push('b first');
      });
      await unit.beforeCommit('a', async () => {
        ran.push('a');
        await unit.db.execute('INSERT INTO probe VALUES (2)');
      });
      await unit.beforeCommit('b', async () => {
        ran.push('b last');
      });
      await unit.db.execute('INSERT INTO probe VALUES (1)');
      ran.push('work');
    });
    expect(ran).toEqual(['work', 'a', 'b last']);
    await unit.beforeCommit('c', async () => {
      ran.push('outside');
    });
    expect(ran.at(-1)).toBe('outside');
    // Work that fails before commit rolls the whole transaction back.
    await expect(
      unit.atomically(async () => {
        await unit.db.execute('INSERT INTO probe VALUES (3)');
        await unit.beforeCommit('x', async () => {
          throw new Error('late failure');
        });
      }),
    ).rejects.toThrow('late failure');
    expect((await connection.pool.query('SELECT n FROM probe ORDER BY n')).rows).toEqual([{ n: 1 }, { n: 2 }]);
    await connection.pool.end();
  });
});
