import { createDashboardService, type DashboardService } from '../src/app/dashboard/dashboard-service.js';
import type { AppConfig } from '../src/config/load-config.js';
import type { Store } from '../src/ports/store.js';

/**
 * A team's name for the dashboard: the config's `alerts.teamNames` today, as the alerts use.
 * The one place to swap for names read from Zendesk groups.
 */
export function teamNameFromConfig(config: AppConfig): (team: number | null) => string {
  return (team) => (team === null ? 'Unassigned' : (config.alerts.teamNames[String(team)] ?? `Group ${team}`));
}

export function buildDashboardService(config: AppConfig, store: Store): DashboardService {
  return createDashboardService({
    dashboard: store.dashboard,
    alerts: store.alerts,
    teamName: teamNameFromConfig(config),
    zendeskUrl: config.zendesk.api?.url ?? null,
    effortModel: { base: config.effortWeights, minAnswers: config.effortModel.minAnswers },
  });
}
