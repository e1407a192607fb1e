import type { SyncStateStore } from '../ports/store.js';
import type { Clock } from '../ports/clock.js';

/** Sync state key holding where the backfill got to, so a crashed or stopped run resumes. */
export const BACKFILL_STATE_KEY = 'backfill:zendesk';

export type BackfillPhase = 'tickets' | 'events' | 'recompute' | 'done';

export interface BackfillState {
  /** ISO time the run was started for; a run for another `since` starts fresh. */
  since: string;
  phase: BackfillPhase;
  /** Next page of the ticket export (phase `tickets`). */
  cursor?: string;
  /** Next page of the ticket events export, epoch seconds (phase `events`). */
  startTime?: number;
  updatedAt: string;
}

const PHASES: ReadonlySet<string> = new Set<BackfillPhase>(['tickets', 'events', 'recompute', 'done']);

/**
 * The saved state when it continues an unfinished run for the same `since`; null means
 * start fresh. The value is JSON written by an older process, so its shape is checked
 * rather than trusted: a malformed one restarts from scratch, which is safe (writes are idempotent).
 */
export async function loadResumableState(syncState: SyncStateStore, since: string): Promise<BackfillState | null> {
  const saved = await syncState.get<Partial<BackfillState>>(BACKFILL_STATE_KEY);
  if (!saved || typeof saved !== 'object' || saved.since !== since) return null;
  if (typeof saved.phase !== 'string' || !PHASES.has(saved.phase) || saved.phase === 'done') return null;
  if (saved.phase === 'events' && typeof saved.startTime !== 'number') return null;
  return saved as BackfillState;
}

/**
 * Waits so that consecutive request starts are at least `minIntervalMs` apart. Zendesk allows
 * 10 requests a minute across its incremental export endpoints (tickets and ticket events
 * alike), so one pacer spans both export phases; waiting up front is cheaper than a 429.
 */
export function createPacer(
  clock: Clock,
  sleep: (ms: number) => Promise<void>,
  minIntervalMs: number,
): () => Promise<void> {
  let lastStart: number | null = null;
  return async () => {
    if (lastStart !== null) {
      const wait = lastStart + minIntervalMs - clock.now().getTime();
      if (wait > 0) await sleep(wait);
    }
    lastStart = clock.now().getTime();
  };
}
