// PLACEHOLDER: replaced by the PostgreSQL repository (issue 16).
import type { ReportCaseStore } from '../../src/ports/report-store.js';
import type { PgUnitOfWork } from './unit-of-work.js';
import { notBuiltYet } from './not-built-yet.js';

export function createReportCaseStore(_unit: PgUnitOfWork): ReportCaseStore {
  return notBuiltYet();
}
