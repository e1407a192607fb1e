import { computeReport, type ReportFigures } from '../../domain/report/compute-report.js';
import type { ReportCaseStore } from '../../ports/report-store.js';
import type { TeamNames } from '../../ports/team-names.js';
import { driverCesCostsFromEffortModel } from './driver-ces-cost.js';

export interface ReportDeps {
  reports: ReportCaseStore;
  /** Read on every report, so names refreshed from Zendesk show at once. */
  teamNames: () => TeamNames;
  /** ZENDESK_URL, for ticket links; null when Zendesk is off. */
  zendeskUrl: string | null;
  worstCount: number;
}

export type BuildReport = (period: { since: Date; until: Date }) => Promise<ReportFigures>;

/** The report of one period, from the stored cases. */
export function createReportBuilder(deps: ReportDeps): BuildReport {
  return async ({ since, until }) => {
    if (!(since.getTime() < until.getTime())) throw new RangeError('the report period must end after it starts');
    const cases = await deps.reports.listSolvedCases(since, until);
    return computeReport(cases, {
      since,
      until,
      teamNames: deps.teamNames(),
      worstCount: deps.worstCount,
      costs: driverCesCostsFromEffortModel(cases),
      ticketUrl: (ticketId) => (deps.zendeskUrl ? `${deps.zendeskUrl}/agent/tickets/${ticketId}` : null),
    });
  };
}
