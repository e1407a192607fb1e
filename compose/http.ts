import type { Express } from 'express';
import { createZendeskWebhookHandler } from '../integrations/zendesk/webhook.js';
import type { Clock } from '../src/ports/clock.js';
import type { AppConfig } from '../src/config/load-config.js';
import { createHttpApp } from '../src/http/create-app.js';
import type { Logger } from '../src/logger.js';
import type { Metrics } from '../src/metrics.js';
import type { AlertInbound } from '../src/ports/alert-channel.js';
import type { Store } from '../src/ports/store.js';
import type { SurveyInbound } from '../src/ports/survey-channels.js';
import type { OutsideClients } from './integrations.js';
import { twilioWebhooks } from './surveys.js';

/** The HTTP app: health, metrics and API from src/http, webhooks from each integration. */
export function buildHttpApp(input: {
  config: AppConfig;
  store: Store;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  inbound: SurveyInbound;
  alertInbound: AlertInbound;
  outside: OutsideClients;
}): Express {
  const { config, store, clock, logger, metrics, inbound } = input;
  return createHttpApp({
    store,
    logger,
    metrics,
    dashboardToken: config.dashboardToken,
    zendeskWebhook: createZendeskWebhookHandler({
      secret: config.zendesk.webhookSecret,
      inbox: store.deliveries,
      clock,
      logger,
      metrics,
      // No onStored: every delivery the store takes wakes a worker (compose/build-service.ts).
    }),
    ...twilioWebhooks(config, { inbound, store, clock, logger, metrics }),
    slackRouter:
      input.outside.slackRouter?.({ inbound, alerts: input.alertInbound, inbox: store.deliveries, clock, metrics }) ??
      null,
  });
}
