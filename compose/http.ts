import type { Express } from 'express';
import type { DashboardService } from '../src/app/dashboard/dashboard-service.js';
import { createSuncoWebhook } from '../integrations/sunco/webhook.js';
import { createZendeskWebhookHandler } from '../integrations/zendesk/webhook.js';
import type { Clock } from '../src/ports/clock.js';
import type { AppConfig } from '../src/config/load-config.js';
import { createHttpApp } from '../src/http/create-app.js';
import type { Logger } from '../src/logger.js';
import type { Metrics } from '../src/metrics.js';
import type { AlertInbound } from '../src/ports/alert-channel.js';
import type { Store } from '../src/ports/store.js';
import type { SurveyInbound } from '../src/ports/survey-channels.js';
import type { SurveyDeps } from '../src/app/surveys/survey-deps.js';
import type { OutsideClients } from './integrations.js';
import { dashboardAssetsFolder } from '../src/http/dashboard/assets-folder.js';
import { explainerFor, twilioWebhooks } from './surveys.js';

/** The HTTP app: health, metrics and API from src/http, webhooks from each integration. */
export function buildHttpApp(input: {
  config: AppConfig;
  store: Store;
  dashboard: DashboardService;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  inbound: SurveyInbound;
  alertInbound: AlertInbound;
  outside: OutsideClients;
  effortModelView?: () => Promise<unknown>;
  refreshOpenTicket?: ((ticketId: number) => Promise<unknown>) | null;
  surveys: SurveyDeps;
}): Express {
  const { config, store, clock, logger, metrics, inbound } = input;
  return createHttpApp({
    store,
    logger,
    metrics,
    dashboardToken: config.dashboardToken,
    dashboard: {
      service: input.dashboard,
      clock,
      publicUrl: config.publicUrl,
      assetsFolder: dashboardAssetsFolder(),
    },
    zendeskWebhook: createZendeskWebhookHandler({
      secret: config.zendesk.webhookSecret,
      inbox: store.deliveries,
      clock,
      logger,
      metrics,
      // No onStored: every delivery the store takes wakes a worker (compose/build-service.ts).
    }),
    ...twilioWebhooks(config, { inbound, store, clock, logger, metrics }),
    suncoWebhook: createSuncoWebhook({
      secret: config.sunco?.webhookSecret ?? null,
      inbox: store.deliveries,
      clock,
      logger,
      metrics,
      // No onStored: every delivery the store takes wakes a worker (compose/waking-store.ts).
    }),
    slackRouter:
      input.outside.slackRouter?.({ inbound, alerts: input.alertInbound, inbox: store.deliveries, clock, metrics }) ??
      null,
    ...(input.effortModelView ? { effortModelView: input.effortModelView } : {}),
    ...(input.refreshOpenTicket ? { refreshOpenTicket: input.refreshOpenTicket } : {}),
    explainSurveyDecision: explainerFor(input.surveys, input.outside.zendesk),
  });
}
