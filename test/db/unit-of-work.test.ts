import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/ports/store.js';
import { STORE_BACKENDS } from '../support/store.js';

let store: Store;
const now = new Date('2026-03-02T10:00:00Z');
const delivery = (id: string) => ({
  provider: 'zendesk' as const,
  deliveryId: id,
  eventType: null,
  rawBody: '{}',
  receivedAt: now,
});

describe.each(STORE_BACKENDS)('$name', ({ open }) => {
  beforeEach(async () => {
    store = await open();
  });
  afterEach(async () => {
    await store.close();
  });

  describe('store.atomically', () => {
    it('commits every write together', async () => {
      await store.atomically(async () => {
        await store.deliveries.add(delivery('a'));
        await store.deliveries.add(delivery('b'));
      });
      expect(await store.deliveries.countByStatus()).toEqual({ pending: 2 });
    });

    it('a throw leaves nothing behind, and the error reaches the caller', async () => {
      await expect(
        store.atomically(async () => {
          await store.deliveries.add(delivery('a'));
          throw new Error('listener failed');
        }),
      ).rejects.toThrow('listener failed');
      expect(await store.deliveries.countByStatus()).toEqual({});
    });

    it("another caller's write never lands inside a transaction that rolls back", async () => {
      let release!: () => void;
      const paused = new Promise<void>((resolve) => (release = resolve));
      const transaction = store
        .atomically(async () => {
          await store.deliveries.add(delivery('inside'));
          await paused;
          throw new Error('roll back');
        })
        .catch(() => 'rolled back');
      // Started while the transaction is open: it runs on its own (SQLite: after it), never inside it.
      const outside = store.deliveries.add(delivery('outside'));
      release();
      expect(await transaction).toBe('rolled back');
      await outside;
      const claimed = await store.deliveries.claimNext(now, 1_000);
      expect(claimed?.deliveryId).toBe('outside');
      expect(await store.deliveries.claimNext(now, 1_000)).toBeNull();
    });

    it('runs after-commit callbacks once it commits, never after a rollback', async () => {
      const ran: string[] = [];
      await store.atomically(async () => {
        store.afterCommit(() => ran.push('committed'));
        expect(ran).toEqual([]);
      });
      await store
        .atomically(async () => {
          store.afterCommit(() => ran.push('rolled back'));
          throw new Error('no');
        })
        .catch(() => undefined);
      store.afterCommit(() => ran.push('outside a transaction: at once'));
      expect(ran).toEqual(['committed', 'outside a transaction: at once']);
    });

    it('a transaction inside another joins it', async () => {
      await expect(
        store.atomically(async () => {
          await store.atomically(async () => {
            await store.deliveries.add(delivery('nested'));
          });
          throw new Error('outer fails');
        }),
      ).rejects.toThrow('outer fails');
      expect(await store.deliveries.countByStatus()).toEqual({});
    });
  });

  describe('the inbox claim keeps one ticket in order', () => {
    it('hands out a later delivery of a ticket only after the earlier one is finished', async () => {
      const first = await store.deliveries.add({ ...delivery('t1-a'), orderingKey: 'ticket:1' });
      await store.deliveries.add({ ...delivery('t1-b'), orderingKey: 'ticket:1' });
      await store.deliveries.add({ ...delivery('t2-a'), orderingKey: 'ticket:2' });
      const a = await store.deliveries.claimNext(now, 30_000);
      const b = await store.deliveries.claimNext(now, 30_000);
      expect([a?.deliveryId, b?.deliveryId]).toEqual(['t1-a', 't2-a']);
      expect(await store.deliveries.claimNext(now, 30_000)).toBeNull();
      await store.deliveries.markDone(first.id, 'done', now);
      expect((await store.deliveries.claimNext(now, 30_000))?.deliveryId).toBe('t1-b');
    });

    it('an earlier delivery waiting for a retry holds the later ones of its ticket back', async () => {
      const first = await store.deliveries.add({ ...delivery('t1-a'), orderingKey: 'ticket:1' });
      await store.deliveries.add({ ...delivery('t1-b'), orderingKey: 'ticket:1' });
      await store.deliveries.claimNext(now, 30_000);
      await store.deliveries.markFailed(first.id, 'zendesk 503', new Date(now.getTime() + 60_000));
      expect(await store.deliveries.claimNext(now, 30_000)).toBeNull();
    });

    it('a lease that runs out makes the delivery due again, marked as abandoned work', async () => {
      await store.deliveries.add({ ...delivery('t1-a'), orderingKey: 'ticket:1' });
      const claimed = await store.deliveries.claimNext(now, 30_000);
      expect(await store.deliveries.claimNext(new Date(now.getTime() + 29_999), 30_000)).toBeNull();
      expect(await store.deliveries.renewLease(claimed!.id, new Date(now.getTime() + 60_000))).toBe(true);
      expect(await store.deliveries.claimNext(new Date(now.getTime() + 59_999), 30_000)).toBeNull();
      expect((await store.deliveries.claimNext(new Date(now.getTime() + 60_000), 30_000))?.attempts).toBe(2);
    });
  });
});
