import { performance } from 'node:perf_hooks';
import type { Store } from '../src/ports/store.js';

/** Per store call (`outbox.claimNext`, `atomically`, ...): how often, and the wall time it took. */
export type StoreTimings = Record<string, { calls: number; totalMs: number; maxMs: number }>;

const REPOSITORIES = [
  'deliveries',
  'tickets',
  'outbox',
  'syncState',
  'surveys',
  'optOuts',
  'alertSamples',
  'alerts',
  'pacing',
] as const;

/**
 * The store with a stopwatch around every repository call and every `atomically`. The time
 * is wall time as the caller sees it: the wait for the connection's turn (one SQLite
 * connection, one turn at a time: db/unit-of-work.ts) plus the statements themselves. A call
 * made inside `atomically` is counted under its own name too, so the totals overlap.
 */
export function timedStore(store: Store): { store: Store; report(): StoreTimings; reset(): void } {
  let timings: StoreTimings = {};
  const time = async <T>(name: string, call: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await call();
    } finally {
      const ms = performance.now() - started;
      const entry = (timings[name] ??= { calls: 0, totalMs: 0, maxMs: 0 });
      entry.calls += 1;
      entry.totalMs += ms;
      entry.maxMs = Math.max(entry.maxMs, ms);
    }
  };
  const wrap = <T extends object>(prefix: string, repository: T): T =>
    Object.fromEntries(
      Object.entries(repository).map(([name, value]) => [
        name,
        typeof value === 'function'
          ? (...args: unknown[]) => time(`${prefix}.${name}`, () => Promise.resolve(value.apply(repository, args)))
          : value,
      ]),
    ) as T;
  const timed: Store = { ...store, atomically: (work) => time('atomically', () => store.atomically(work)) };
  for (const name of REPOSITORIES) (timed as unknown as Record<string, unknown>)[name] = wrap(name, store[name]);
  holdTimes(timed, (name, ms) => {
    const entry = (timings[name] ??= { calls: 0, totalMs: 0, maxMs: 0 });
    entry.calls += 1;
    entry.totalMs += ms;
    entry.maxMs = Math.max(entry.maxMs, ms);
  });
  return { store: timed, report: () => structuredClone(timings), reset: () => void (timings = {}) };
}

/**
 * How long each claimed row was held, claim to outcome: `held delivery` and `held <kind>`
 * (the outbox kinds). That is the time a worker loop spends on one unit of work.
 */
function holdTimes(store: Store, record: (name: string, ms: number) => void): void {
  const claimed = new Map<string, { at: number; name: string }>();
  const track = <T extends object>(
    queue: T,
    prefix: string,
    nameOf: (row: Record<string, unknown>) => string,
    ends: string[],
  ) => {
    const methods = queue as Record<string, (...args: unknown[]) => Promise<unknown>>;
    const claim = methods.claimNext;
    methods.claimNext = async (...args) => {
      const row = (await claim?.(...args)) as Record<string, unknown> | null;
      if (row) claimed.set(`${prefix}:${String(row.id)}`, { at: performance.now(), name: nameOf(row) });
      return row;
    };
    for (const end of ends) {
      const original = methods[end];
      methods[end] = async (...args) => {
        const key = `${prefix}:${String(args[0])}`;
        const start = claimed.get(key);
        claimed.delete(key);
        if (start) record(start.name, performance.now() - start.at);
        return original?.(...args);
      };
    }
  };
  track(store.deliveries, 'd', () => 'held delivery', ['markDone', 'markFailed']);
  track(store.outbox, 'o', (row) => `held ${String(row.kind)}`, ['markSent', 'markFailed']);
}
