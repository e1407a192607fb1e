import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { openStore } from '../../db/open-store.js';
import { createDatabase, TEMPLATE_DATABASE } from './postgres-databases.js';
import type { Store } from '../../src/ports/store.js';

/** A fresh, migrated in-memory database per call. */
export function openTestStore(): Promise<Store> {
  return openStore(':memory:', { migrate: true });
}

/** The URL of a fresh PostgreSQL database, copied from the migrated template (test/support/postgres-global-setup.ts). */
export async function createTestPostgresDatabase(): Promise<string> {
  const name = `effortless_test_${randomBytes(6).toString('hex')}`;
  return createDatabase(inject('postgresServerUrl'), name, { template: TEMPLATE_DATABASE });
}

/** A fresh, migrated PostgreSQL database per call, on the test run's server. */
export async function openPgTestStore(): Promise<Store> {
  return openStore(await createTestPostgresDatabase(), { migrate: true, poolSize: 4 });
}

/**
 * The backends the repository contract suite (test/db) runs against: every test there holds
 * for both, e.g. `describe.each(STORE_BACKENDS)('$name', ({ open }) => ...)`.
 */
export const STORE_BACKENDS: ReadonlyArray<{ name: string; open: () => Promise<Store> }> = [
  { name: 'SQLite', open: openTestStore },
  { name: 'PostgreSQL', open: openPgTestStore },
];
