import { createDashboardService, type DashboardService } from '../src/app/dashboard/dashboard-service.js';
import type { AppConfig } from '../src/config/load-config.js';
import { toFilter } from '../src/http/dashboard/filters.js';
import type { Logger } from '../src/logger.js';
import type { Clock } from '../src/ports/clock.js';
import { errorMessage } from '../src/ports/errors.js';
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

/**
 * Soon after start, fits the effort model to the dashboard's landing view (the last 90 days,
 * no filter) in the background: its first reader then finds the driver costs ready, and the
 * fit's code is compiled before anyone waits for another filter's. Returns the cancel.
 */
export function warmDashboard(dashboard: DashboardService, clock: Clock, logger: Logger, delayMs = 2000): () => void {
  const timer = setTimeout(() => {
    dashboard
      .driverCosts(toFilter({}, clock.now()).filter)
      .catch((error) => logger.warn({ err: error }, `dashboard warm-up failed: ${errorMessage(error)}`));
  }, delayMs);
  timer.unref();
  return () => clearTimeout(timer);
}
