import type { Store } from '../src/ports/store.js';
import { openSqlite } from './connection.js';
import { isPostgresUrl } from './database-url.js';
import { SqliteUnitOfWork, takingTurns } from './unit-of-work.js';
import { applyMigrations, isFullyMigrated } from './migrate.js';
import { createAlertSampleStore } from './sqlite/alert-samples.js';
import { createAlertStore } from './sqlite/alerts.js';
import { DashboardDayCache } from './sqlite/dashboard-day-cache.js';
import { createDashboardFacts } from './sqlite/dashboard-facts.js';
import { createDashboardStore } from './sqlite/dashboard.js';
import { groupCommitted } from './group-commit.js';
import { exclusiveInProcess } from './run-exclusively.js';
import { createDeliveryInbox, deliveryAdder } from './sqlite/deliveries.js';
import { createOutbox } from './sqlite/outbox.js';
import { createPacingStore } from './sqlite/pacing.js';
import { createReportCaseStore } from './sqlite/report-cases.js';
import { createOptOutStore, createSurveyStore } from './sqlite/surveys.js';
import { createSyncStateStore } from './sqlite/sync-state.js';
import { createTicketStore } from './sqlite/tickets.js';

export interface OpenStoreOptions {
  /** Apply pending migrations on open (the server and `effortless migrate` do). */
  migrate: boolean;
  /** PostgreSQL only: the most connections this process opens (default 10). */
  poolSize?: number;
  /** SQLite only: the page cache's limit in MiB (SQLITE_CACHE_MIB); better-sqlite3's build default when absent. */
  sqliteCacheMib?: number;
}

/** Opens the database named by DATABASE_URL: `postgres://` for PostgreSQL, else a SQLite file or `:memory:`. */
export async function openStore(databaseUrl: string, options: OpenStoreOptions): Promise<Store> {
  if (isPostgresUrl(databaseUrl)) {
    // Loaded only here: SQLite deployments never carry the PostgreSQL driver.
    const { openPgStore } = await import('./pg/open-pg-store.js');
    return openPgStore(databaseUrl, options);
  }
  const connection = openSqlite(databaseUrl, { cacheMib: options.sqliteCacheMib });
  try {
    if (options.migrate) applyMigrations(connection, databaseUrl);
  } catch (error) {
    connection.sqlite.close();
    throw error;
  }
  let open = true;
  const unit = new SqliteUnitOfWork(connection.sqlite);
  // Built after the migrations: they prepare statements on the dashboard tables.
  const dayCache = new DashboardDayCache(connection.sqlite);
  const facts = createDashboardFacts(connection.sqlite, (day) => dayCache.markStale(day));
  // A synced case changes its effort and its survey two or three times in one transaction:
  // its facts are computed once, before the commit (at once for a write outside one).
  const refreshFacts = (ticketId: number) => unit.beforeCommit(`facts:${ticketId}`, () => facts.refresh(ticketId));
  return {
    deliveries: {
      ...takingTurns(createDeliveryInbox(connection.db), unit),
      // Webhooks arrive many at a time: their inserts share one commit (db/group-commit.ts).
      add: groupCommitted(connection.sqlite, unit, deliveryAdder(connection.db)),
    },
    tickets: takingTurns(createTicketStore(connection.db, refreshFacts), unit),
    outbox: takingTurns(createOutbox(connection.db), unit),
    syncState: takingTurns(createSyncStateStore(connection.db), unit),
    surveys: takingTurns(createSurveyStore(connection.db, refreshFacts), unit),
    optOuts: takingTurns(createOptOutStore(connection.db), unit),
    alertSamples: takingTurns(createAlertSampleStore(connection), unit),
    alerts: takingTurns(createAlertStore(connection.db), unit),
    reports: takingTurns(createReportCaseStore(connection.db), unit),
    dashboard: takingTurns(createDashboardStore(connection.sqlite, dayCache), unit),
    pacing: takingTurns(createPacingStore(connection), unit),
    atomically: (work) => unit.atomically(work),
    afterCommit: (callback) => unit.afterCommit(callback),
    exclusively: exclusiveInProcess(),
    async isReady() {
      return open && connection.sqlite.open && isFullyMigrated(connection);
    },
    async close() {
      open = false;
      connection.sqlite.close();
    },
  };
}
