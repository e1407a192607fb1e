/** Databases on a test or bench PostgreSQL server (test/support/embedded-postgres.ts starts one). */
import pg from 'pg';

/** The migrated database each test's PostgreSQL store is copied from (test/support/store.ts). */
export const TEMPLATE_DATABASE = 'effortless_template';

/**
 * Creates database `name` on the server (dropping one of that name first when `replace`),
 * empty or copied from `template`; returns its URL.
 */
export async function createDatabase(
  serverUrl: string,
  name: string,
  options: { template?: string; replace?: boolean } = {},
): Promise<string> {
  const admin = new pg.Client({ connectionString: `${serverUrl}/postgres` });
  await admin.connect();
  try {
    if (options.replace) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}${options.template ? ` TEMPLATE ${options.template}` : ''}`);
  } finally {
    await admin.end();
  }
  return `${serverUrl}/${name}`;
}
