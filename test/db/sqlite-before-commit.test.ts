import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteUnitOfWork } from '../../db/unit-of-work.js';

/** SqliteUnitOfWork.beforeCommit: derived rows computed once per key, last, inside the transaction. */
describe('SqliteUnitOfWork.beforeCommit', () => {
  let sqlite: Database.Database;
  let unit: SqliteUnitOfWork;
  const rows = () => sqlite.prepare('SELECT note FROM log ORDER BY rowid').pluck().all();
  const note = (text: string) => sqlite.prepare('INSERT INTO log (note) VALUES (?)').run(text);

  beforeEach(() => {
    sqlite = new Database(':memory:');
    sqlite.exec('CREATE TABLE log (note TEXT NOT NULL)');
    unit = new SqliteUnitOfWork(sqlite);
  });
  afterEach(() => sqlite.close());

  it('runs the last work asked for each key once, after the transaction’s own writes and before its commit', async () => {
    let inTransactionWhenRun: boolean | null = null;
    await unit.atomically(async () => {
      unit.beforeCommit('facts:1', () => note('first ask of 1'));
      note('write a');
      unit.beforeCommit('facts:1', () => {
        inTransactionWhenRun = sqlite.inTransaction;
        note('last ask of 1');
      });
      unit.beforeCommit('facts:2', () => note('ask of 2'));
      note('write b');
    });
    expect(rows()).toEqual(['write a', 'write b', 'last ask of 1', 'ask of 2']);
    expect(inTransactionWhenRun).toBe(true);
  });

  it('runs work that a before-commit callback asks for, too', async () => {
    await unit.atomically(async () => {
      unit.beforeCommit('a', () => {
        note('a');
        unit.beforeCommit('b', () => note('b'));
      });
    });
    expect(rows()).toEqual(['a', 'b']);
  });

  it('runs nothing when the transaction rolls back, and rolls back when the work throws', async () => {
    await expect(
      unit.atomically(async () => {
        unit.beforeCommit('x', () => note('x'));
        throw new Error('listener failed');
      }),
    ).rejects.toThrow('listener failed');
    await expect(
      unit.atomically(async () => {
        note('kept only if the callback succeeds');
        unit.beforeCommit('y', () => {
          throw new Error('refresh failed');
        });
      }),
    ).rejects.toThrow('refresh failed');
    expect(rows()).toEqual([]);
  });

  it('runs at once outside a transaction', () => {
    unit.beforeCommit('z', () => note('z'));
    expect(rows()).toEqual(['z']);
  });
});
