import type { Store } from '../src/ports/store.js';
import { openSqlite } from './connection.js';
import { applyMigrations, isFullyMigrated } from './migrate.js';
import { createAlertSampleStore } from './sqlite/alert-samples.js';
import { createAlertStore } from './sqlite/alerts.js';
import { createDeliveryInbox } from './sqlite/deliveries.js';
import { createOutbox } from './sqlite/outbox.js';
import { createOptOutStore, createSurveyStore } from './sqlite/surveys.js';
import { createSyncStateStore } from './sqlite/sync-state.js';
import { createTicketStore } from './sqlite/tickets.js';

export interface OpenStoreOptions {
  /** Apply pending migrations on open (the server and `effortless migrate` do). */
  migrate: boolean;
}

/** Opens the database named by DATABASE_URL. Only SQLite today; PostgreSQL will plug in here. */
export async function openStore(databaseUrl: string, options: OpenStoreOptions): Promise<Store> {
  const connection = openSqlite(databaseUrl);
  try {
    if (options.migrate) applyMigrations(connection, databaseUrl);
  } catch (error) {
    connection.sqlite.close();
    throw error;
  }
  let open = true;
  return {
    deliveries: createDeliveryInbox(connection.db),
    tickets: createTicketStore(connection.db),
    outbox: createOutbox(connection.db),
    syncState: createSyncStateStore(connection.db),
    surveys: createSurveyStore(connection.db),
    optOuts: createOptOutStore(connection.db),
    alertSamples: createAlertSampleStore(connection),
    alerts: createAlertStore(connection.db),
    async isReady() {
      return open && connection.sqlite.open && isFullyMigrated(connection);
    },
    async close() {
      open = false;
      connection.sqlite.close();
    },
  };
}
