import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../db/open-store.js';
import type { Store } from '../../src/ports/store.js';
import { createTestPostgresDatabase, STORE_BACKENDS } from '../support/store.js';

/** A promise the test settles when it wants, to hold work open. */
function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

describe.each(STORE_BACKENDS)('$name: Store.exclusively', ({ open }) => {
  let store: Store;
  beforeEach(async () => {
    store = await open();
  });
  afterEach(async () => {
    await store.close();
  });

  it('runs the work and returns its result', async () => {
    expect(await store.exclusively('job', async () => 42)).toEqual({ ran: true, result: 42 });
  });

  it('does not run work under a name that is running, runs other names, and runs it again once done', async () => {
    const [held, started] = [gate(), gate()];
    const first = store.exclusively('job', async () => {
      started.open();
      await held.opened;
      return 'first';
    });
    await started.opened;
    let ran = false;
    expect(
      await store.exclusively('job', async () => {
        ran = true;
      }),
    ).toEqual({ ran: false });
    expect(ran).toBe(false);
    expect(await store.exclusively('other job', async () => 'other')).toEqual({ ran: true, result: 'other' });
    held.open();
    expect(await first).toEqual({ ran: true, result: 'first' });
    expect(await store.exclusively('job', async () => 'again')).toEqual({ ran: true, result: 'again' });
  });

  it('lets go of the name when the work throws', async () => {
    await expect(
      store.exclusively('job', async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await store.exclusively('job', async () => 'after')).toEqual({ ran: true, result: 'after' });
  });
});

describe('PostgreSQL: Store.exclusively across instances', () => {
  it('keeps a second instance on the same database out while the first runs, and lets it in after', async () => {
    const url = await createTestPostgresDatabase();
    const [a, b] = [
      await openStore(url, { migrate: true, poolSize: 2 }),
      await openStore(url, { migrate: true, poolSize: 2 }),
    ];
    try {
      const [held, started] = [gate(), gate()];
      const first = a.exclusively('alerts.evaluate', async () => {
        started.open();
        await held.opened;
        // The work itself still has the pool: the lock sits on a client of its own.
        return (await a.alerts.listRecent(1)).length;
      });
      await started.opened;
      expect(await b.exclusively('alerts.evaluate', async () => 'b')).toEqual({ ran: false });
      held.open();
      expect(await first).toEqual({ ran: true, result: 0 });
      expect(await b.exclusively('alerts.evaluate', async () => 'b')).toEqual({ ran: true, result: 'b' });
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
