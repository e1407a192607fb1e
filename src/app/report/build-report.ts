import type { EffortWeights } from '../../domain/effort-index.js';
import { computeReport, type ReportFigures } from '../../domain/report/compute-report.js';
import type { ReportCaseStore } from '../../ports/report-store.js';
import type { AnsweredCes } from '../../ports/store.js';
import type { TeamNames } from '../../ports/team-names.js';
import { COST_LOOKBACK_DAYS, driverCesCostsFromEffortModel } from './driver-ces-cost.js';

export interface ReportDeps {
  reports: ReportCaseStore;
  /** CES answers since a moment with their cases' drivers (the ticket store's listAnsweredCes). */
  listAnsweredCes(since: Date): Promise<AnsweredCes[]>;
  /** Read on every report, so names refreshed from Zendesk show at once. */
  teamNames: () => TeamNames;
  /** ZENDESK_URL, for ticket links; null when Zendesk is off. */
  zendeskUrl: string | null;
  worstCount: number;
  /** The weights in force: the duration drivers' steps and the model's base. */
  weights: EffortWeights;
}

export type BuildReport = (period: { since: Date; until: Date }) => Promise<ReportFigures>;

const DAY_MS = 86_400_000;

/** The report of one period, from the stored cases; driver costs from the effort model. */
export function createReportBuilder(deps: ReportDeps): BuildReport {
  return async ({ since, until }) => {
    if (!(since.getTime() < until.getTime())) throw new RangeError('the report period must end after it starts');
    const cases = await deps.reports.listSolvedCases(since, until);
    const answered = (await deps.listAnsweredCes(new Date(until.getTime() - COST_LOOKBACK_DAYS * DAY_MS)))
      .filter((a) => a.answeredAt.getTime() < until.getTime())
      .map((a) => ({ drivers: a.drivers, ces: a.ces }));
    return computeReport(cases, {
      since,
      until,
      teamNames: deps.teamNames(),
      worstCount: deps.worstCount,
      costs: driverCesCostsFromEffortModel(answered, deps.weights, until),
      weights: deps.weights,
      ticketUrl: (ticketId) => (deps.zendeskUrl ? `${deps.zendeskUrl}/agent/tickets/${ticketId}` : null),
    });
  };
}
