import type { Server } from 'node:http';
import type { Express } from 'express';
import type { AlertService } from '../src/app/alerts/alert-service.js';
import type { Clock } from '../src/ports/clock.js';
import { systemClock } from '../src/app/clock.js';
import { EventBus } from '../src/app/event-bus.js';
import { scheduleRetention } from '../src/app/retention.js';
import { registerSurveyListeners } from '../src/app/surveys/register-survey-listeners.js';
import { createSurveyInbound } from '../src/app/surveys/survey-inbound.js';
import type { SurveyDeps } from '../src/app/surveys/survey-deps.js';
import type { AppConfig } from '../src/config/load-config.js';
import { createLogger, type Logger } from '../src/logger.js';
import { createMetrics, type Metrics } from '../src/metrics.js';
import type { Store } from '../src/ports/store.js';
import type { ZendeskPort } from '../src/ports/zendesk.js';
import type { EffortModelService } from '../src/app/effort-model/effort-model-service.js';
import { createTeamDirectory, type TeamDirectory } from '../src/app/teams/team-directory.js';
import { buildAlerts } from './alerts.js';
import { openConfiguredStore } from './open-configured-store.js';
import { buildEffortModel } from './effort-model.js';
import { buildReports, type BuiltReports } from './report.js';
import { wakingOnQueue } from './waking-store.js';
import type { DashboardService } from '../src/app/dashboard/dashboard-service.js';
import { databaseLabel } from '../db/database-url.js';
import { buildDashboardService, warmDashboard } from './dashboard.js';
import { buildHttpApp } from './http.js';
import { buildIntegrations, type OutsideClients } from './integrations.js';
import { closeServer, listen, localUrl } from './listen.js';
import { buildQueueHandlers } from './queue-handlers.js';
import { surveyDepsFor } from './surveys.js';
import { createWorkers, type Workers } from './workers.js';

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
  /** An open store to use instead of opening DATABASE_URL (tests that inject failures into it). */
  store?: Store;
}

/** Everything wired, nothing running yet: `serve` listens, the other verbs use parts. */
export interface Service {
  config: AppConfig;
  store: Store;
  events: EventBus;
  logger: Logger;
  clock: Clock;
  metrics: Metrics;
  alerts: AlertService;
  /** Fits the index to CES answers and rescores stored cases (docs/drivers.md). */
  effortModel: EffortModelService;
  /** Null while the Zendesk API is not configured. */
  zendesk: ZendeskPort | null;
  /** Team names: Zendesk's groups, cached in the database, with the config's names on top. */
  teams: TeamDirectory;
  /** The period report (`effortless report`) and the weekly digest's schedule. */
  reports: BuiltReports;
  /** The survey service's dependencies (the `survey explain` verb decides with them). */
  surveys: SurveyDeps;
  workers: Workers;
  http: Express;
  /** The dashboard's reads (also served by `http`). */
  dashboard: DashboardService;
  /** Listens on the configured port and starts the workers and the alert schedule (unless manual). */
  listen(): Promise<RunningService>;
  /** Closes the database; for verbs that never listen. */
  close(): Promise<void>;
}

export interface RunningService {
  url: string;
  server: Server;
  store: Store;
  events: EventBus;
  logger: Logger;
  alerts: AlertService;
  effortModel: EffortModelService;
  /** Processes every due inbox delivery and outbox message; resolves with how many. */
  runWorkersUntilIdle(): Promise<number>;
  stop(): Promise<void>;
}

/** Says once, when the service listens, which integrations are off and why (docs/contract.md). */
function reportIntegrations(config: AppConfig, logger: Logger): void {
  if (!config.zendesk.webhookSecret)
    logger.warn('Zendesk webhooks off: set ZENDESK_WEBHOOK_SECRET to accept POST /webhooks/zendesk');
  if (!config.zendesk.api)
    logger.warn(
      'Zendesk API off: set ZENDESK_URL, ZENDESK_EMAIL and ZENDESK_API_TOKEN; deliveries are kept until then',
    );
  if (!config.twilio)
    logger.warn('Twilio off: set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM to send SMS surveys');
  if (!config.slack)
    logger.warn('Slack off: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET for Slack surveys and alerts');
  if (!config.twilio?.whatsappFrom)
    logger.warn('WhatsApp off: set TWILIO_WHATSAPP_FROM (with Twilio) to ask customers who wrote on WhatsApp');
  if (!config.sunco)
    logger.warn(
      'Zendesk messaging off: set SUNCO_APP_ID, SUNCO_KEY_ID, SUNCO_KEY_SECRET and SUNCO_WEBHOOK_SECRET to ask in the chat',
    );
  if (!config.dashboardToken) logger.warn('API off: set DASHBOARD_TOKEN (16+ characters) to read GET /api/...');
}

/** The composition root: opens the database, builds every adapter once and wires them to the application services. */
export async function buildService(config: AppConfig, overrides: ServiceOverrides = {}): Promise<Service> {
  const logger = overrides.logger ?? createLogger({ level: config.logLevel });
  const clock = overrides.clock ?? systemClock;
  // The workers are built last; until then queued work has no one to wake.
  let workers: Workers | null = null;
  const store = wakingOnQueue(overrides.store ?? (await openConfiguredStore(config)), {
    deliveries: () => workers?.wakeDeliveries(),
    outbox: () => workers?.wakeOutbox(),
  });
  const metrics = createMetrics();
  const events = new EventBus();
  const outside = {
    ...(await buildIntegrations(config, logger, {
      slackPacingMs: overrides.slackPacingMs,
      metrics,
      pacing: store.pacing,
    })),
    ...overrides.integrations,
  };

  const teams = createTeamDirectory({
    source: outside.teamNames ?? null,
    state: store.syncState,
    clock,
    logger: logger.child({ component: 'teams' }),
    overrides: config.alerts.teamNames,
  });
  await teams.load();

  const surveys = surveyDepsFor({ config, store, clock, logger, events, outside });
  registerSurveyListeners(surveys);
  const inbound = createSurveyInbound(surveys);
  const effortModel = await buildEffortModel({ config, store, events, clock, logger, zendesk: outside.zendesk });
  const alerts = await buildAlerts({
    config,
    store,
    clock,
    logger,
    metrics,
    poster: outside.alertPoster,
    teamNames: teams.names,
    effortWeights: () => effortModel.scoring.current().weights,
  });
  alerts.service.listen(events);
  const reports = buildReports({
    config,
    store,
    clock,
    logger,
    teamNames: teams.names,
    poster: outside.reportPoster ?? null,
  });
  const queues = buildQueueHandlers({
    config,
    store,
    events,
    clock,
    logger,
    zendesk: outside.zendesk,
    surveys,
    inbound,
    alertInbound: alerts.service.inbound,
    alertSenders: { ...alerts.senders, ...reports.senders },
    slackDeliveryHandler: outside.slackDeliveryHandler,
    scoring: effortModel.scoring,
  });
  const built = createWorkers({
    store,
    clock,
    logger,
    metrics,
    ...queues,
    concurrency: config.workers,
    retryHorizonMs: config.retryHorizonMs,
    leaseMs: config.leaseMs,
  });
  workers = built;

  const dashboard = buildDashboardService(config, store);
  const http = buildHttpApp({
    config,
    store,
    dashboard,
    clock,
    logger,
    metrics,
    inbound,
    outside,
    surveys,
    alertInbound: alerts.service.inbound,
    effortModelView: effortModel.view,
    refreshOpenTicket: queues.refreshOpenTicket,
  });
  const service: Service = {
    config,
    store,
    events,
    logger,
    clock,
    metrics,
    alerts: alerts.service,
    effortModel: effortModel.service,
    zendesk: outside.zendesk,
    teams,
    reports,
    surveys,
    dashboard,
    workers: built,
    http,
    listen: () => startListening(service, overrides),
    close: () => store.close(),
  };
  return service;
}

async function startListening(service: Service, overrides: ServiceOverrides): Promise<RunningService> {
  const { config, store, workers, logger } = service;
  let server: Server;
  try {
    server = await listen(service.http, config.port);
  } catch (error) {
    await store.close();
    throw error;
  }
  reportIntegrations(config, logger);
  // Workers start once the port is ours: a second instance that cannot listen must not take work.
  if (!overrides.manualWorkers) workers.start(overrides.idleMs ?? 1000);
  const stopAlertSchedule = overrides.manualWorkers ? () => undefined : service.alerts.schedule();
  if (!overrides.manualWorkers) service.effortModel.schedule();
  const stopTeamRefresh = overrides.manualWorkers ? () => undefined : service.teams.schedule(config.teams.refreshMs);
  const stopWeeklyReport = overrides.manualWorkers ? () => undefined : service.reports.schedule();
  const stopDashboardWarmUp =
    overrides.manualWorkers || !config.dashboardToken
      ? () => undefined
      : warmDashboard(service.dashboard, service.clock, logger);
  const stopRetention = overrides.manualWorkers
    ? async () => undefined
    : scheduleRetention({
        inbox: store.deliveries,
        outbox: store.outbox,
        clock: service.clock,
        logger,
        retentionMs: config.retentionMs,
      });
  const url = localUrl(server, config.port);
  logger.info(
    { url, publicUrl: config.publicUrl, database: databaseLabel(config.databaseUrl) },
    'effortless is listening',
  );
  return {
    url,
    server,
    store,
    events: service.events,
    logger,
    alerts: service.alerts,
    effortModel: service.effortModel,
    runWorkersUntilIdle: () => workers.runUntilIdle(),
    async stop() {
      stopAlertSchedule();
      stopTeamRefresh();
      stopWeeklyReport();
      stopDashboardWarmUp();
      await stopRetention();
      await closeServer(server);
      await Promise.all([workers.stop(), service.effortModel.stop()]);
      await store.close();
    },
  };
}

/** Builds the service and listens: what `serve`, the demo and the flow tests run. */
export async function startService(config: AppConfig, overrides: ServiceOverrides = {}): Promise<RunningService> {
  return (await buildService(config, overrides)).listen();
}
