import cookieParser from 'cookie-parser';
import express, { type ErrorRequestHandler, type Request, type RequestHandler, Router } from 'express';
import type { DashboardService } from '../app/dashboard/dashboard-service.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { Store } from '../ports/store.js';
import { createDashboardApi } from './dashboard/dashboard-api.js';
import { createDashboardWeb } from './dashboard/dashboard-web.js';
import { dashboardOpenApi } from './dashboard/openapi.js';
import { createDeadLettersApi } from './dead-letters-api.js';
import { createSurveyChannelsApi } from './survey-channels-api.js';
import { createEffortApi } from './effort-api.js';
import { createEffortModelApi } from './effort-model-api.js';
import { requireDashboardToken } from './require-dashboard-token.js';
import { createSurveyDecisionApi, type ExplainSurveyDecision } from './survey-decision-api.js';
import { createSurveyRatesApi } from './survey-rates-api.js';
import { readSurveyRates, setSurveyGauges } from '../app/surveys/survey-rates.js';

export interface HttpAppDeps {
  store: Store;
  logger: Logger;
  metrics: Metrics;
  dashboardToken: string | null;
  /** POST /webhooks/zendesk; receives the raw body as a Buffer. */
  zendeskWebhook: RequestHandler;
  /** POST /webhooks/twilio/sms and /status; receive form-encoded params. */
  twilioSmsWebhook?: RequestHandler;
  twilioStatusWebhook?: RequestHandler;
  /** POST /webhooks/sunco: key check, body limit, store (integrations/sunco/webhook.ts). */
  suncoWebhook?: RequestHandler[];
  /** The router for POST /slack/events (integrations/slack/app.ts); null while Slack is off. */
  slackRouter?: Router | null;
  /** The leads' dashboard at / and its API under /api/dashboard; absent in tests that need neither. */
  dashboard?: {
    service: DashboardService;
    clock: Clock;
    publicUrl: string;
    /** dist/web, where the build puts the bundled page script and styles. */
    assetsFolder: string;
    signInAttempts?: number;
  };
  /** GET /api/effort/model: the effort model's view (src/app/effort-model/effort-model-view.ts). */
  effortModelView?: () => Promise<unknown>;
  /** Live drivers for open tickets (src/app/refresh-open-ticket.ts); absent while Zendesk is off. */
  refreshOpenTicket?: (ticketId: number) => Promise<unknown>;
  /** GET /api/tickets/{id}/survey-decision; null (503) while the Zendesk API is off. */
  explainSurveyDecision?: ExplainSurveyDecision | null;
}

function countRequests(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const stop = metrics.httpDuration.startTimer();
    res.on('finish', () => {
      const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
      metrics.httpRequests.inc({ method: req.method, route, status: String(res.statusCode) });
      stop({ method: req.method, route });
    });
    next();
  };
}

async function refreshQueueGauges(store: Store, metrics: Metrics): Promise<void> {
  const [inbox, outbox] = await Promise.all([store.deliveries.countUnfinished(), store.outbox.countUnfinished()]);
  metrics.queueDepth.reset();
  for (const [status, n] of Object.entries(inbox)) metrics.queueDepth.set({ queue: 'inbox', status }, n);
  for (const [status, n] of Object.entries(outbox)) metrics.queueDepth.set({ queue: 'outbox', status }, n);
}

export function createHttpApp(deps: HttpAppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', true);
  app.use(countRequests(deps.metrics));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const ready = await deps.store.isReady().catch(() => false);
    res
      .status(ready ? 200 : 503)
      .json({ status: ready ? 'ready' : 'not_ready', database: ready ? 'migrated' : 'unavailable' });
  });
  app.get('/metrics', async (_req, res, next) => {
    try {
      await refreshQueueGauges(deps.store, deps.metrics);
      setSurveyGauges(deps.metrics, await readSurveyRates(deps.store.surveys));
      res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
    } catch (error) {
      next(error);
    }
  });

  // Signatures are computed over the exact bytes, so webhooks get the raw body.
  app.post('/webhooks/zendesk', express.raw({ type: () => true, limit: '2mb' }), deps.zendeskWebhook);
  const form = express.urlencoded({ extended: false, limit: '100kb' });
  if (deps.twilioSmsWebhook) app.post('/webhooks/twilio/sms', form, deps.twilioSmsWebhook);
  if (deps.twilioStatusWebhook) app.post('/webhooks/twilio/status', form, deps.twilioStatusWebhook);
  // The Conversations webhook checks its key before reading the body, so it brings its own parser.
  if (deps.suncoWebhook) app.post('/webhooks/sunco', ...deps.suncoWebhook);
  // The Slack router limits and reads its own raw body (the signature covers the exact bytes):
  // no parser may run before it.
  if (deps.slackRouter) app.use(deps.slackRouter);
  else {
    app.post('/slack/events', (_req, res) => {
      res
        .status(503)
        .json({ error: 'slack_off', message: 'Set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET to enable Slack.' });
    });
  }

  let signedIn: (req: Request) => boolean = () => false;
  let dashboardApi: Router[] = [];
  if (deps.dashboard) {
    const { service, clock, publicUrl, assetsFolder, signInAttempts } = deps.dashboard;
    const web = createDashboardWeb({
      token: deps.dashboardToken,
      secure: publicUrl.startsWith('https:'),
      clock,
      assetsFolder,
      signInAttempts,
    });
    app.use(web.router);
    signedIn = web.signedIn;
    const openApi = dashboardOpenApi(publicUrl);
    const docs = Router().get('/openapi.json', (_req, res) => {
      res.json(openApi);
    });
    dashboardApi = [docs, createDashboardApi(service, clock)];
  }

  app.use(
    '/api',
    cookieParser(),
    requireDashboardToken(deps.dashboardToken, (req) => signedIn(req)),
    express.json({ limit: '100kb' }),
    createEffortApi(deps.store, deps.refreshOpenTicket),
    createDeadLettersApi(deps.store),
    ...dashboardApi,
    ...(deps.effortModelView ? [createEffortModelApi(deps.effortModelView)] : []),
    createSurveyDecisionApi(deps.explainSurveyDecision ?? null),
    createSurveyRatesApi(deps.store),
    createSurveyChannelsApi(deps.store),
  );

  app.use((_req, res) => {
    res.status(404).json({ error: 'not_found' });
  });
  const onError: ErrorRequestHandler = (error, req, res, _next) => {
    const status = typeof error?.status === 'number' && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) deps.logger.error({ err: error, path: req.path }, 'request failed');
    res.status(status).json({
      error: status === 500 ? 'internal_error' : 'bad_request',
      message: status === 500 ? 'Internal error' : String(error.message),
    });
  };
  app.use(onError);
  return app;
}
