import type { ReportCase } from '../domain/report/report-case.js';

/** Reads for the weekly report (db/sqlite/report-cases.ts, db/pg/report-cases.ts). */
export interface ReportCaseStore {
  /** Cases solved (or closed) at or after `since` and before `until`, with their drivers and survey. */
  listSolvedCases(since: Date, until: Date): Promise<ReportCase[]>;
}
