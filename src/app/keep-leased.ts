import type { Logger } from '../logger.js';
import type { Clock } from '../ports/clock.js';
import type { WorkQueue } from '../ports/work-queue.js';

/** Short leases: a crashed worker's row is due again within seconds, not minutes. */
export const LEASE_MS = 30_000;

/**
 * Renews a claimed row's lease while its work runs, so short leases do not expire under slow
 * but live work. Returns the function that stops renewing.
 */
export function keepLeased(queue: WorkQueue, id: number, clock: Clock, log: Logger, leaseMs = LEASE_MS): () => void {
  const timer = setInterval(() => {
    queue.renewLease(id, new Date(clock.now().getTime() + leaseMs)).then(
      (stillOurs) => {
        if (!stillOurs) log.warn('lease lost while working (the row was taken over)');
      },
      (error: unknown) => log.warn({ err: error }, 'could not renew the lease'),
    );
  }, leaseMs / 3);
  timer.unref();
  return () => clearInterval(timer);
}
