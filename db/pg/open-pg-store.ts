import type { Store } from '../../src/ports/store.js';
import { exclusiveByAdvisoryLock } from './advisory-lock.js';
import { createAlertSampleStore } from './alert-samples.js';
import { createAlertStore } from './alerts.js';
import { openPostgres } from './connection.js';
import { createDashboardFacts } from './dashboard-facts.js';
import { createDashboardStore } from './dashboard.js';
import { createDeliveryInbox } from './deliveries.js';
import { applyPgMigrations, isPgFullyMigrated } from './migrate.js';
import { createOutbox } from './outbox.js';
import { createPacingStore } from './pacing.js';
import { createReportCaseStore } from './report-cases.js';
import { createOptOutStore, createSurveyStore } from './surveys.js';
import { createSyncStateStore } from './sync-state.js';
import { createTicketStore } from './tickets.js';
import { PgUnitOfWork } from './unit-of-work.js';

/**
 * The Store on PostgreSQL (DATABASE_URL=postgres://...): the same ports as SQLite, on a pool
 * shared by every caller, so several instances can run on one database.
 */
export async function openPgStore(
  databaseUrl: string,
  options: { migrate: boolean; poolSize?: number },
): Promise<Store> {
  const connection = await openPostgres(databaseUrl, options.poolSize);
  try {
    if (options.migrate) await applyPgMigrations(connection);
  } catch (error) {
    await connection.pool.end();
    throw error;
  }
  let open = true;
  const unit = new PgUnitOfWork(connection);
  const facts = createDashboardFacts(unit);
  return {
    deliveries: createDeliveryInbox(unit),
    tickets: createTicketStore(unit, facts.refresh),
    outbox: createOutbox(unit),
    syncState: createSyncStateStore(unit),
    surveys: createSurveyStore(unit, facts.refresh),
    optOuts: createOptOutStore(unit),
    alertSamples: createAlertSampleStore(unit),
    alerts: createAlertStore(unit),
    reports: createReportCaseStore(unit),
    dashboard: createDashboardStore(unit),
    pacing: createPacingStore(unit),
    atomically: (work) => unit.atomically(work),
    afterCommit: (callback) => unit.afterCommit(callback),
    exclusively: exclusiveByAdvisoryLock(connection.pool),
    async isReady() {
      if (!open) return false;
      try {
        return await isPgFullyMigrated(connection);
      } catch {
        return false;
      }
    },
    async close() {
      if (!open) return;
      open = false;
      await connection.pool.end();
    },
  };
}
