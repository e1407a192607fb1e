import { openStore } from '../../db/open-store.js';
import type { Store } from '../../src/ports/store.js';

/** A fresh, migrated in-memory database per call. */
export function openTestStore(): Promise<Store> {
  return openStore(':memory:', { migrate: true });
}
