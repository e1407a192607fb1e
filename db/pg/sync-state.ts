import { eq } from 'drizzle-orm';
import type { SyncStateStore } from '../../src/ports/store.js';
import { syncState } from './schema.js';
import type { PgUnitOfWork } from './unit-of-work.js';

/** Named positions (the backfill's cursor): one upsert per write, so instances never collide. */
export function createSyncStateStore(unit: PgUnitOfWork): SyncStateStore {
  return {
    async get<T>(key: string) {
      const [row] = await unit.db.select().from(syncState).where(eq(syncState.key, key));
      return row ? (row.value as T) : null;
    },
    async set(key, value, now) {
      await unit.db
        .insert(syncState)
        .values({ key, value, updatedAt: now.getTime() })
        .onConflictDoUpdate({ target: syncState.key, set: { value, updatedAt: now.getTime() } });
    },
  };
}
