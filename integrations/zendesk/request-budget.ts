/**
 * The account's Zendesk API budget. Zendesk limits each account to a number of requests a
 * minute by plan (200-700, "Rate limits" in the API reference), shared with every other app
 * the center runs; going over answers 429 for everyone. So every call of this process first
 * takes a slot here, paced below `perMinute`.
 *
 * The pacing is a generic cell rate: slots come at `perMinute * 0.9` a minute, and up to a
 * tenth of the minute's budget may be taken at once, so no 60-second window holds more than
 * `perMinute` calls. A caller whose slot is at most `maxWaitMs` away waits for it (a pause
 * between calls, not a retry); one further away is told how long to come back after
 * (`wait` < 0), so the queue reschedules its work instead of holding a worker.
 */
export interface RequestBudget {
  /** Takes a slot: 0 = now, n > 0 = in n ms (taken; wait before calling), n < 0 = none (try again in -n ms). */
  take(): number;
  readonly perMinute: number;
  /** Calls granted in the last 60 seconds, for /metrics. */
  usedLastMinute(): number;
}

const MINUTE_MS = 60_000;

export function createRequestBudget(options: {
  perMinute: number;
  maxWaitMs?: number;
  now?: () => number;
}): RequestBudget {
  const now = options.now ?? Date.now;
  const maxWaitMs = options.maxWaitMs ?? 2_000;
  const { perMinute } = options;
  const intervalMs = MINUTE_MS / (perMinute * 0.9);
  const burst = Math.max(1, Math.floor(perMinute / 10));
  const toleranceMs = (burst - 1) * intervalMs;
  /** Theoretical arrival time of the next slot (GCRA). */
  let nextAt = 0;
  const granted: number[] = [];

  return {
    perMinute,
    take() {
      const at = now();
      const earliest = Math.max(nextAt, at) - toleranceMs;
      const wait = Math.max(0, Math.ceil(earliest - at));
      if (wait > maxWaitMs) return -wait;
      nextAt = Math.max(nextAt, at) + intervalMs;
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
  take: () => 0,
  usedLastMinute: () => 0,
};
