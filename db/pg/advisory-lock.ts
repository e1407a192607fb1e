import type pg from 'pg';
import type { Store } from '../../src/ports/store.js';

/** The first key of every Store.exclusively lock (the second is the name's hash); migrations use the one-key form. */
const EXCLUSIVE_LOCKS = 0x45_46_46_31; // "EFF1"

/**
 * Store.exclusively on PostgreSQL: a session advisory lock, tried (never waited for) on a
 * client of its own that holds it while `work` runs on the pool. Every instance on the
 * database sees the same lock; if this process dies, its connection ends and the lock with it.
 */
export function exclusiveByAdvisoryLock(pool: pg.Pool): Store['exclusively'] {
  return async (name, work) => {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      const { rows } = await client.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked',
        [EXCLUSIVE_LOCKS, name],
      );
      if (!rows[0]?.locked) return { ran: false };
      try {
        return { ran: true, result: await work() };
      } finally {
        await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [EXCLUSIVE_LOCKS, name]).catch((error) => {
          // A client that cannot unlock is closed instead of pooled: the lock ends with its session.
          broken = error instanceof Error ? error : new Error(String(error));
        });
      }
    } finally {
      client.release(broken);
    }
  };
}
