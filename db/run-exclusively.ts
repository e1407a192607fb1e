import type { Store } from '../src/ports/store.js';

/**
 * Store.exclusively for SQLite: one process owns the database file, so "nobody else runs it"
 * only has to hold within this process. Work already running under the name means not now.
 */
export function exclusiveInProcess(): Store['exclusively'] {
  const running = new Set<string>();
  return async (name, work) => {
    if (running.has(name)) return { ran: false };
    running.add(name);
    try {
      return { ran: true, result: await work() };
    } finally {
      running.delete(name);
    }
  };
}
