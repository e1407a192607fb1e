import type { Express } from 'express';
import { createDashboardService } from '../../src/app/dashboard/dashboard-service.js';
import { DEFAULT_EFFORT_WEIGHTS } from '../../src/domain/effort-index.js';
import { createHttpApp } from '../../src/http/create-app.js';
import { dashboardAssetsFolder } from '../../src/http/dashboard/assets-folder.js';
import { createLogger } from '../../src/logger.js';
import { createMetrics } from '../../src/metrics.js';
import type { Store } from '../../src/ports/store.js';

export const DASHBOARD_TOKEN = 'lead-dashboard-token-0123';
/** Tests see the dashboard on 15 Nov 2026 at noon UTC. */
export const DASHBOARD_NOW = new Date(Date.UTC(2026, 10, 15, 12));

export function dashboardApp(
  store: Store,
  options: { token?: string | null; publicUrl?: string; signInAttempts?: number; minAnswers?: number } = {},
): Express {
  const clock = { now: () => DASHBOARD_NOW };
  const service = createDashboardService({
    dashboard: store.dashboard,
    alerts: store.alerts,
    teamName: (team) =>
      team === null
        ? 'Unassigned'
        : (({ 5: 'Billing', 6: 'Shipping' } as Record<number, string>)[team] ?? `Group ${team}`),
    zendeskUrl: 'https://acme.zendesk.com',
    effortModel: { base: DEFAULT_EFFORT_WEIGHTS, minAnswers: options.minAnswers ?? 300 },
  });
  return createHttpApp({
    store,
    logger: createLogger({ level: 'silent' }),
    metrics: createMetrics({ collectDefaults: false }),
    dashboardToken: options.token === undefined ? DASHBOARD_TOKEN : options.token,
    zendeskWebhook: (_req, res) => void res.sendStatus(204),
    dashboard: {
      service,
      clock,
      publicUrl: options.publicUrl ?? 'http://localhost:3000',
      assetsFolder: dashboardAssetsFolder(),
      signInAttempts: options.signInAttempts,
    },
  });
}
