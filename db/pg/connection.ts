import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { StartupError } from '../../src/ports/errors.js';
import { redactedUrl } from '../database-url.js';
import * as schema from './schema.js';
import * as alertSchema from './schema-alerts.js';
import * as dashboardSchema from './schema-dashboard.js';

const fullSchema = { ...schema, ...alertSchema, ...dashboardSchema };
export type PgDb = NodePgDatabase<typeof fullSchema>;

export interface PgConnection {
  pool: pg.Pool;
  /** Statements on the pool, outside any transaction. Repositories use PgUnitOfWork.db instead. */
  db: PgDb;
  url: string;
}

// bigint (int8) columns hold epoch milliseconds and ids, far below 2^53: read them as numbers,
// as the SQLite side does. COUNT(*) and SUM() of integers come back as int8 or numeric too.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));

/**
 * Opens a pool and checks it with one query, so a wrong host or password ends the start
 * with one line that names the (redacted) URL instead of failing at the first webhook.
 */
export async function openPostgres(databaseUrl: string, poolSize = 10): Promise<PgConnection> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize, connectionTimeoutMillis: 10_000 });
  // An idle client losing its server (a restart, a failover) emits here; without a listener
  // the process would crash. The pool drops that client and opens another on the next query.
  pool.on('error', () => undefined);
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end().catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new StartupError(
      'DATABASE_URL',
      `DATABASE_URL=${redactedUrl(databaseUrl)}: cannot connect to PostgreSQL (${reason}); check the host, port, user, password and database name.`,
      { cause: error },
    );
  }
  return { pool, db: drizzle(pool, { schema: fullSchema }), url: databaseUrl };
}
