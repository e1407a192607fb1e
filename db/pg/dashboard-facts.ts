// PLACEHOLDER: replaced by the PostgreSQL repository (issue 16).
import type { PgUnitOfWork } from './unit-of-work.js';

/** Keeps dashboard_cases and dashboard_days in step with one case, inside the transaction that changed it. */
export function createDashboardFacts(_unit: PgUnitOfWork): { refresh(ticketId: number): Promise<void> } {
  return {
    // A no-op until the dashboard's PostgreSQL facts are merged (issue 16): the ticket and
    // survey stores call it on every effort and survey write, and their contract tests
    // (test/db/tickets.test.ts, surveys.test.ts) run through openPgTestStore.
    async refresh() {},
  };
}
