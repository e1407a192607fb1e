import { sql } from 'drizzle-orm';
import type { PacingStore } from '../../src/ports/pacing-store.js';
import { paceInWholeMs, slotFromStored } from '../../src/domain/pacing.js';
import type { PgUnitOfWork } from './unit-of-work.js';

/**
 * Pacing on PostgreSQL, shared by every instance: the GCRA step is one
 * `INSERT ... ON CONFLICT DO UPDATE ... RETURNING`, which locks the key's row, so concurrent
 * reservations from any process queue on it and each gets its own slot. The update only
 * happens when the slot is near enough (`reach` = burst tolerance + the longest wait);
 * otherwise no row comes back and the key is read as it is.
 */
export function createPacingStore(unit: PgUnitOfWork): PacingStore {
  const read = async (key: string) => {
    const current = await unit.db.execute<{ next_at: number }>(
      sql`SELECT next_at FROM pacing_slots WHERE key = ${key}`,
    );
    const row = current.rows[0];
    return row ? Number(row.next_at) : null;
  };
  return {
    async holdUntil(key, until) {
      await unit.db.execute(sql`
        INSERT INTO pacing_slots (key, next_at) VALUES (${key}, ${Math.ceil(until.getTime())})
        ON CONFLICT (key) DO UPDATE SET next_at = GREATEST(pacing_slots.next_at, excluded.next_at)`);
    },
    async heldUntil(key) {
      const at = await read(key);
      return at === null ? null : new Date(at);
    },
    async reserve(key, pace, at) {
      const { intervalMs, toleranceMs, maxWaitMs } = paceInWholeMs(pace);
      const now = Math.floor(at.getTime());
      const reach = toleranceMs + maxWaitMs;
      const taken = await unit.db.execute<{ next_at: number }>(sql`
        INSERT INTO pacing_slots (key, next_at) VALUES (${key}, ${now + intervalMs})
        ON CONFLICT (key) DO UPDATE
          SET next_at = GREATEST(pacing_slots.next_at, ${now}::bigint) + ${intervalMs}::bigint
          WHERE GREATEST(pacing_slots.next_at, ${now}::bigint) - ${now}::bigint <= ${reach}::bigint
        RETURNING next_at`);
      const row = taken.rows[0];
      if (row) return slotFromStored({ nextAt: Number(row.next_at), taken: true }, pace, now);
      return slotFromStored({ nextAt: (await read(key)) ?? now, taken: false }, pace, now);
    },
  };
}
