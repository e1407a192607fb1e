import { MemoryPacing } from '../../src/domain/pacing.js';
import type { PacingStore } from '../../src/ports/pacing-store.js';

/**
 * The account's Zendesk API budget. Zendesk limits each account to a number of requests a
 * minute by plan (200-700, "Rate limits" in the API reference), shared with every other app
 * the center runs; going over answers 429 for everyone. So every call first takes a slot
 * here, paced below `perMinute`. The slots are kept in the database (PacingStore), so every
 * instance on it takes its turn from the one budget instead of each spending all of it.
 *
 * The pacing is a generic cell rate: slots come at `perMinute * 0.9` a minute, and up to a
 * tenth of the minute's budget may be taken at once, so no 60-second window holds more than
 * `perMinute` calls. A caller whose slot is at most `maxWaitMs` away waits for it (a pause
 * between calls, not a retry); one further away is told how long to come back after
 * (`wait` < 0), and takes nothing, so the queue reschedules its work instead of holding a worker.
 */
export interface RequestBudget {
  /** Takes a slot: 0 = now, n > 0 = in n ms (taken; wait before calling), n < 0 = none (try again in -n ms). */
  take(): Promise<number>;
  readonly perMinute: number;
  /** Calls this process was granted in the last 60 seconds, for /metrics (each instance reports its own). */
  usedLastMinute(): number;
}

const MINUTE_MS = 60_000;

export function createRequestBudget(options: {
  perMinute: number;
  maxWaitMs?: number;
  now?: () => number;
  /** Where the slots are kept; one process's memory when absent (tests, scripts). */
  pacing?: PacingStore;
  /** The budget's key in `pacing`: one per Zendesk account. */
  key?: string;
}): RequestBudget {
  const now = options.now ?? Date.now;
  const pacing = options.pacing ?? new MemoryPacing();
  const key = options.key ?? 'zendesk:requests';
  const { perMinute } = options;
  const pace = {
    intervalMs: MINUTE_MS / (perMinute * 0.9),
    burst: Math.max(1, Math.floor(perMinute / 10)),
    maxWaitMs: options.maxWaitMs ?? 2_000,
  };
  const granted: number[] = [];

  return {
    perMinute,
    async take() {
      const at = now();
      const slot = await pacing.reserve(key, pace, new Date(at));
      const wait = Math.max(0, Math.ceil(slot.at.getTime() - at));
      if (!slot.taken) return -Math.max(1, wait);
      granted.push(at + wait);
      return wait;
    },
    usedLastMinute() {
      const since = now() - MINUTE_MS;
      while (granted.length > 0 && (granted[0] ?? 0) <= since) granted.shift();
      return granted.length;
    },
  };
}

/** No pacing: for clients built outside compose/ (tests, scripts). */
export const UNLIMITED_BUDGET: RequestBudget = {
  perMinute: Number.POSITIVE_INFINITY,
  take: async () => 0,
  usedLastMinute: () => 0,
};
