import type { PacingStore } from '../../src/ports/pacing-store.js';
import { paceInWholeMs, slotFromStored } from '../../src/domain/pacing.js';
import type { SqliteConnection } from '../connection.js';
import { preparedOnce } from './prepared.js';

/**
 * Pacing on SQLite: the GCRA step is one upsert, so even processes sharing the file never take
 * the same slot. The update only happens when the slot is near enough (`reach` = burst
 * tolerance + the longest wait); otherwise no row comes back and the key is read as it is.
 */
export function createPacingStore(connection: SqliteConnection): PacingStore {
  const take = preparedOnce(() =>
    connection.sqlite.prepare<{ key: string; now: number; interval: number; reach: number }, { next_at: number }>(
      `INSERT INTO pacing_slots (key, next_at) VALUES (@key, @now + @interval)
         ON CONFLICT (key) DO UPDATE SET next_at = max(pacing_slots.next_at, @now) + @interval
         WHERE max(pacing_slots.next_at, @now) - @now <= @reach
         RETURNING next_at`,
    ),
  );
  const read = preparedOnce(() =>
    connection.sqlite.prepare<[string], { next_at: number }>('SELECT next_at FROM pacing_slots WHERE key = ?'),
  );
  const hold = preparedOnce(() =>
    connection.sqlite.prepare<{ key: string; until: number }>(
      `INSERT INTO pacing_slots (key, next_at) VALUES (@key, @until)
       ON CONFLICT (key) DO UPDATE SET next_at = max(pacing_slots.next_at, excluded.next_at)`,
    ),
  );
  return {
    async holdUntil(key, until) {
      hold().run({ key, until: Math.ceil(until.getTime()) });
    },
    async heldUntil(key) {
      const row = read().get(key);
      return row ? new Date(row.next_at) : null;
    },
    async reserve(key, pace, at) {
      const { intervalMs, toleranceMs, maxWaitMs } = paceInWholeMs(pace);
      const now = Math.floor(at.getTime());
      const taken = take().get({ key, now, interval: intervalMs, reach: toleranceMs + maxWaitMs });
      if (taken) return slotFromStored({ nextAt: taken.next_at, taken: true }, pace, now);
      return slotFromStored({ nextAt: read().get(key)?.next_at ?? now, taken: false }, pace, now);
    },
  };
}
