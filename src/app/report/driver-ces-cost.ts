import type { DriverCesCosts } from '../../domain/report/compute-report.js';
import type { ReportCase } from '../../domain/report/report-case.js';

/**
 * What each driver costs in CES, estimated from the answered cases by the effort model
 * (src/domain/effort-model/, issue 17). The one place the report asks for costs: until that
 * model is merged here it answers why the cost column is empty, and the report says so.
 */
export function driverCesCostsFromEffortModel(
  _cases: readonly ReportCase[],
): { costs: DriverCesCosts } | { unavailable: string } {
  return { unavailable: 'CES cost per driver: the effort model (issue 17) is not part of this build yet' };
}
