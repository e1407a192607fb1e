// PLACEHOLDER: replaced by the PostgreSQL repository (issue 16).
import type { PgUnitOfWork } from './unit-of-work.js';

/** Keeps dashboard_cases and dashboard_days in step with one case, inside the transaction that changed it. */
export function createDashboardFacts(_unit: PgUnitOfWork): { refresh(ticketId: number): Promise<void> } {
  return {
    async refresh() {
      throw new Error('not built yet');
    },
  };
}
