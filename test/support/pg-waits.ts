import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';

/** A promise with its resolve at hand: holds a transaction open until the test lets it go. */
export function gate(): { opened: Promise<void>; open: () => void } {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

/**
 * Resolves once `work` has finished or some session of this database waits for a lock: how a
 * race test knows its second writer has reached the first one's uncommitted rows before it
 * lets the first commit. Polls; the test's own timeout bounds it.
 */
export async function untilDoneOrWaitingForLock(probe: pg.Pool, work: Promise<unknown>): Promise<void> {
  let done = false;
  const settled = work.then(
    () => {
      done = true;
    },
    () => {
      done = true;
    },
  );
  while (!done) {
    const { rows } = await probe.query<{ waiting: number }>(
      `select count(*)::int as waiting from pg_stat_activity
       where datname = current_database() and wait_event_type = 'Lock'`,
    );
    if ((rows[0]?.waiting ?? 0) > 0) return;
    await Promise.race([settled, sleep(5)]);
  }
}
