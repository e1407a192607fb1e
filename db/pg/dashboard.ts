// PLACEHOLDER: replaced by the PostgreSQL repository (issue 16).
import type { DashboardStore } from '../../src/ports/dashboard-store.js';
import type { PgUnitOfWork } from './unit-of-work.js';
import { notBuiltYet } from './not-built-yet.js';

export function createDashboardStore(_unit: PgUnitOfWork): DashboardStore {
  return notBuiltYet();
}
