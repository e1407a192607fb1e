import { createServer, type Server } from 'node:http';
import type { Express } from 'express';
import { StartupError } from './ports/startup-error.js';
import { openStore } from '../db/open-store.js';
import { createTwilioDeliveryHandler } from '../integrations/twilio/handle-delivery.js';
import { createZendeskDeliveryHandler } from '../integrations/zendesk/handle-delivery.js';
import { createZendeskTicketUpdateSender } from '../integrations/zendesk/send-ticket-update.js';
import { createZendeskWebhookHandler } from '../integrations/zendesk/webhook.js';
import { systemClock, type Clock } from './app/clock.js';
import { ZENDESK_TICKET_UPDATE } from './app/effort-writeback.js';
import { EventBus } from './app/event-bus.js';
import { startPoller, type Poller } from './app/poller.js';
import { processNextDelivery, type DeliveryHandler } from './app/process-deliveries.js';
import { processNextOutboxMessage, type OutboxSender } from './app/process-outbox.js';
import type { AppConfig } from './config/load-config.js';
import { createHttpApp } from './http/create-app.js';
import { createLogger, type Logger } from './logger.js';
import { createMetrics } from './metrics.js';
import type { Store } from './ports/store.js';
import { buildIntegrations, type OutsideClients } from './build-integrations.js';
import { createSurveySender } from './app/surveys/send-survey.js';
import { createSurveyInbound } from './app/surveys/survey-inbound.js';
import { registerSurveyListeners } from './app/surveys/register-survey-listeners.js';
import { SURVEY_SEND, type SurveyDeps } from './app/surveys/survey-deps.js';
import { markSurveyFailed, surveySettingsFrom, twilioWebhooks } from './wire-surveys.js';
import { wireAlerts } from './wire-alerts.js';
import type { AlertService } from './app/alerts/alert-service.js';

export interface ServiceOverrides {
  logger?: Logger;
  clock?: Clock;
  /** Replace SDK-backed adapters (tests); by default they are built from the configuration. */
  integrations?: Partial<OutsideClients>;
  /** How long workers sleep when their queue is empty. */
  idleMs?: number;
  /**
   * No background workers or alert schedule: the caller runs them with `runWorkersUntilIdle`
   * and `alerts.evaluate` (the demo, which moves a simulated clock).
   */
  manualWorkers?: boolean;
  /** Spacing of Slack posts per channel (default 1 s, Slack's limit); the demo compresses time. */
  slackPacingMs?: number;
}

export interface RunningService {
  url: string;
  server: Server;
  store: Store;
  events: EventBus;
  logger: Logger;
  alerts: AlertService;
  /** Processes every due inbox delivery and outbox message; resolves with how many. */
  runWorkersUntilIdle(): Promise<number>;
  stop(): Promise<void>;
}

/** Says once, at start, which integrations are off and why (CONTRACT.md). */
function reportIntegrations(config: AppConfig, logger: Logger): void {
  if (!config.zendesk.webhookSecret) logger.warn('Zendesk webhooks off: set ZENDESK_WEBHOOK_SECRET to accept POST /webhooks/zendesk');
  if (!config.zendesk.api) logger.warn('Zendesk API off: set ZENDESK_URL, ZENDESK_EMAIL and ZENDESK_API_TOKEN; deliveries are kept until then');
  if (!config.twilio) logger.warn('Twilio off: set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM to send SMS surveys');
  if (!config.slack) logger.warn('Slack off: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET for Slack surveys and alerts');
  if (!config.dashboardToken) logger.warn('API off: set DASHBOARD_TOKEN (16+ characters) to read GET /api/...');
}

/** Listens on `port`; a port in use or not allowed ends the start with a StartupError. */
function listen(app: Express, port: number): Promise<Server> {
  return new Promise<Server>((resolve, reject) => {
    const server = createServer(app);
    server.once('error', (error: NodeJS.ErrnoException) => {
      const why = error.code === 'EADDRINUSE' ? 'is in use by another process' : `cannot be used (${error.code ?? error.message})`;
      reject(new StartupError('PORT', `PORT=${port}: the port ${why}; stop the other process, or set PORT (or serve --port) to a free port.`, { cause: error }));
    });
    server.listen(port, () => resolve(server));
  });
}

/** The composition root: builds every adapter once and wires them to the application services. */
export async function startService(config: AppConfig, overrides: ServiceOverrides = {}): Promise<RunningService> {
  const logger = overrides.logger ?? createLogger({ level: config.logLevel });
  const clock = overrides.clock ?? systemClock;
  const store = await openStore(config.databaseUrl, { migrate: true });
  reportIntegrations(config, logger);
  const metrics = createMetrics();
  const events = new EventBus();
  const outside = { ...buildIntegrations(config, logger, { slackPacingMs: overrides.slackPacingMs }), ...overrides.integrations };
  const { zendesk } = outside;
  const surveys: SurveyDeps = {
    store,
    clock,
    logger: logger.child({ component: 'surveys' }),
    events,
    settings: surveySettingsFrom(config),
    channels: { sms: outside.sms, slack: outside.slack },
  };
  registerSurveyListeners(surveys);
  const inbound = createSurveyInbound(surveys);

  const handlers: Record<string, DeliveryHandler> = {};
  const senders: Record<string, OutboxSender> = {};
  if (zendesk) {
    handlers.zendesk = createZendeskDeliveryHandler({
      zendesk,
      store,
      events,
      clock,
      logger,
      effortWeights: config.effortWeights,
      effortFieldId: config.zendesk.effortFieldId,
    });
    senders[ZENDESK_TICKET_UPDATE] = createZendeskTicketUpdateSender(zendesk);
  }
  senders[SURVEY_SEND] = createSurveySender(surveys);
  const alerts = await wireAlerts({ config, store, clock, logger, metrics, poster: outside.alertPoster, wakeOutbox: () => outboxPoller?.wake() });
  alerts.service.listen(events);
  Object.assign(senders, alerts.senders);
  // Inline webhook handling failed: the worker replays the stored Twilio delivery.
  handlers['twilio-sms'] = handlers['twilio-status'] = createTwilioDeliveryHandler({ inbound });

  const idleMs = overrides.idleMs ?? 1000;
  const nextDelivery = () => processNextDelivery({ inbox: store.deliveries, handlers, clock, logger, metrics });
  const nextOutbox = () => processNextOutboxMessage({ outbox: store.outbox, senders, clock, logger, metrics, onDead: { [SURVEY_SEND]: markSurveyFailed(surveys) } });
  // Workers start once the port is ours: a second instance that cannot listen must not take work.
  let pollers: Poller[] = [];
  let deliveryPoller: Poller | undefined;
  let outboxPoller: Poller | undefined;
  async function runWorkersUntilIdle(): Promise<number> {
    let done = 0;
    for (;;) {
      const progressed = (await nextDelivery()) || (await nextOutbox());
      if (!progressed) return done;
      done += 1;
    }
  }

  const app = createHttpApp({
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
      onStored: () => deliveryPoller?.wake(),
    }),
    ...twilioWebhooks(config, { inbound, inbox: store.deliveries, clock, logger, metrics }),
    slackRouter: outside.slackRouter?.(inbound, alerts.service.inbound) ?? null,
  });

  let server: Server;
  try {
    server = await listen(app, config.port);
  } catch (error) {
    await store.close();
    throw error;
  }
  if (!overrides.manualWorkers) {
    pollers = [startPoller('deliveries', nextDelivery, { idleMs, logger }), startPoller('outbox', nextOutbox, { idleMs, logger })];
    [deliveryPoller, outboxPoller] = pollers;
  }
  const stopAlertSchedule = overrides.manualWorkers ? () => undefined : alerts.service.schedule();
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://localhost:${port}`;
  logger.info({ url, publicUrl: config.publicUrl, database: config.databaseUrl.replace(/\/\/.*@/, '//***@') }, 'effortless is listening');

  return {
    url,
    server,
    store,
    events,
    logger,
    alerts: alerts.service,
    runWorkersUntilIdle,
    async stop() {
      stopAlertSchedule();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all(pollers.map((p) => p.stop()));
      await store.close();
    },
  };
}
