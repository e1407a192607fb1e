import type { AppConfig } from '../src/config/load-config.js';
import type { Store } from '../src/ports/store.js';

/**
 * The database DATABASE_URL names, migrated, with what the configuration sets for it (the
 * PostgreSQL pool size, the SQLite page cache): one place for every command that opens it.
 * Imported on use, so a command that fails its configuration first loads no database driver.
 */
export async function openConfiguredStore(config: AppConfig): Promise<Store> {
  const { openStore } = await import('../db/open-store.js');
  return openStore(config.databaseUrl, {
    migrate: true,
    poolSize: config.databasePoolSize,
    sqliteCacheMib: config.sqliteCacheMib,
  });
}
