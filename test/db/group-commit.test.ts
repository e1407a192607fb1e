import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { groupCommitted } from '../../db/group-commit.js';
import { SqliteUnitOfWork } from '../../db/unit-of-work.js';
import type { Store } from '../../src/ports/store.js';
import { openTestStore } from '../support/store.js';

const now = new Date('2026-03-02T10:00:00Z');
const delivery = (id: string) => ({
  provider: 'zendesk' as const,
  deliveryId: id,
  eventType: null,
  rawBody: '{}',
  receivedAt: now,
});

describe('group commit of inbox inserts', () => {
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
  });

  it('stores deliveries added at once, each with its own id, and still sees a duplicate', async () => {
    store = await openTestStore();
    const added = await Promise.all([
      store.deliveries.add(delivery('a')),
      store.deliveries.add(delivery('b')),
      store.deliveries.add(delivery('a')),
    ]);
    expect(added.map((a) => a.duplicate)).toEqual([false, false, true]);
    expect(added[2]?.id).toBe(added[0]?.id);
    expect(added[0]?.id).not.toBe(added[1]?.id);
    expect(await store.deliveries.countByStatus()).toEqual({ pending: 2 });
  });
});

describe('groupCommitted', () => {
  const setUp = () => {
    const sqlite = new Database(':memory:');
    sqlite.exec('CREATE TABLE rows (name TEXT NOT NULL UNIQUE)');
    const unit = new SqliteUnitOfWork(sqlite);
    const insert = sqlite.prepare('INSERT INTO rows (name) VALUES (?)');
    const names = () => sqlite.prepare('SELECT name FROM rows ORDER BY name').pluck().all();
    return { sqlite, unit, insert, names };
  };

  it('writes the calls of one turn in one transaction, and answers only after it committed', async () => {
    const { sqlite, unit, insert, names } = setUp();
    const begins = vi.spyOn(sqlite, 'transaction');
    const add = groupCommitted(sqlite, unit, (name: string) => insert.run(name).changes);
    const pending = [add('a'), add('b'), add('c')];
    expect(names()).toEqual([]); // nothing written yet, nothing answered yet
    expect(await Promise.all(pending)).toEqual([1, 1, 1]);
    expect(names()).toEqual(['a', 'b', 'c']);
    expect(begins).toHaveBeenCalledTimes(1);
    await add('d');
    expect(begins).toHaveBeenCalledTimes(2);
  });

  it('refuses only the call that failed; the rest of its batch is stored', async () => {
    const { sqlite, unit, insert, names } = setUp();
    const add = groupCommitted(sqlite, unit, (name: string | null) => insert.run(name).changes);
    const results = await Promise.allSettled([add('a'), add(null), add('b')]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(names()).toEqual(['a', 'b']);
  });

  it('refuses the whole batch when its commit fails, and stores none of it', async () => {
    const { sqlite, unit, insert, names } = setUp();
    const add = groupCommitted(sqlite, unit, (name: string) => insert.run(name).changes);
    vi.spyOn(sqlite, 'transaction').mockImplementationOnce(() => {
      const failing = () => {
        throw new Error('disk I/O error');
      };
      return Object.assign(failing, { default: failing, deferred: failing, immediate: failing, exclusive: failing });
    });
    const results = await Promise.allSettled([add('a'), add('b')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(names()).toEqual([]);
  });

  it('inside atomically, joins that transaction and rolls back with it', async () => {
    const { sqlite, unit, insert, names } = setUp();
    const add = groupCommitted(sqlite, unit, (name: string) => insert.run(name).changes);
    await expect(
      unit.atomically(async () => {
        await add('inside');
        expect(names()).toEqual(['inside']);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(names()).toEqual([]);
  });
});
