import { eq } from 'drizzle-orm';
import type { SyncStateStore } from '../../src/ports/store.js';
import type { SqliteDb } from '../connection.js';
import { syncState } from '../schema.js';

export function createSyncStateStore(db: SqliteDb): SyncStateStore {
  return {
    async get<T>(key: string) {
      const row = db.select().from(syncState).where(eq(syncState.key, key)).get();
      return row ? (row.value as T) : null;
    },
    async set(key, value, now) {
      db.insert(syncState)
        .values({ key, value, updatedAt: now.getTime() })
        .onConflictDoUpdate({ target: syncState.key, set: { value, updatedAt: now.getTime() } })
        .run();
    },
  };
}
