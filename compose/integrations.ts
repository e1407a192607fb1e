import type { ReportPoster } from '../src/ports/report-channel.js';
import { createSuncoMessagingSender } from '../integrations/sunco/client.js';
import { countZendeskRequests, zendeskBudget } from './zendesk-budget-metrics.js';
import type { TeamNameSource } from '../src/ports/team-names.js';
import type { AppConfig } from '../src/config/load-config.js';
import type { Logger } from '../src/logger.js';
import type { AlertInbound, AlertPoster } from '../src/ports/alert-channel.js';
import type { MessagingSender, SlackSurveySender, SmsSender, SurveyInbound } from '../src/ports/survey-channels.js';
import type { ZendeskPort } from '../src/ports/zendesk.js';
import type { Clock } from '../src/ports/clock.js';
import type { DeliveryHandler, DeliveryInbox } from '../src/ports/inbox.js';
import type { Metrics } from '../src/metrics.js';
import type { PacingStore } from '../src/ports/pacing-store.js';
import type { Router } from 'express';

/** What the Slack router needs from the rest of the service. */
export interface SlackRouterDeps {
  inbound: SurveyInbound;
  alerts: AlertInbound;
  inbox: DeliveryInbox;
  clock: Clock;
  metrics: Metrics;
}

export interface OutsideClients {
  zendesk: ZendeskPort | null;
  /** Team names from Zendesk groups; null while the Zendesk API is off. */
  teamNames: TeamNameSource | null;
  sms: SmsSender | null;
  /** Twilio with TWILIO_WHATSAPP_FROM as sender; null without it. */
  whatsapp: SmsSender | null;
  /** Zendesk messaging through Sunshine Conversations; null when SUNCO_* are absent. */
  messaging: MessagingSender | null;
  slack: SlackSurveySender | null;
  /** Posts leads' alerts (SLACK_ALERT_CHANNEL); null when Slack is off. */
  alertPoster: AlertPoster | null;
  /** Posts the weekly report digest (SLACK_ALERT_CHANNEL); null when Slack is off. */
  reportPoster: ReportPoster | null;
  /** Builds the POST /slack/events router once the survey and alert services (their inbound sides) and the inbox exist. */
  slackRouter: ((deps: SlackRouterDeps) => Router) | null;
  /** Replays a stored Slack button press whose inline handling failed; same client, same gate. */
  slackDeliveryHandler: ((deps: { inbound: SurveyInbound; alerts: AlertInbound }) => DeliveryHandler) | null;
}

/**
 * Where one provider's calls wait after it answered 429 with Retry-After. Each integration
 * declares this shape for itself (they may not import each other); the one implementation
 * lives here, where the clients are built, one gate per provider.
 */
export interface RateLimitGate {
  /** How long calls must still wait, in ms; 0 when the provider may be called. */
  remainingMs(): number;
  /** Holds every call for `ms` from now; a longer hold already running is kept. */
  holdFor(ms: number): void;
}

/** Where a gate's holds are shared with the other instances on the database. */
export interface SharedGate {
  pacing: PacingStore;
  /** The provider (and account) the hold is for, e.g. `gate:slack`. */
  key: string;
  logger: Logger;
  /** How often, at most, a calling instance reads the others' holds; default 1 s. */
  refreshMs?: number;
}

/**
 * One provider's gate. Calls made during a hold fail fast (the integration throws RetryLater
 * with the time left) instead of spending the provider's patience on answers we already know.
 * With `shared`, a hold is also written to the database, and while calls are made the gate
 * reads the others' holds at most once per `refreshMs` (in the background: a call never waits
 * for the database here), so a 429 one instance got holds the others within about a second.
 */
export function createRateLimitGate(now: () => number = Date.now, shared?: SharedGate): RateLimitGate {
  let openAt = 0;
  let readAt = Number.NEGATIVE_INFINITY;
  let reading = false;
  const failed = (error: unknown) =>
    shared?.logger.warn({ err: error, gate: shared.key }, 'shared rate-limit gate unavailable');
  const readOthers = (gate: SharedGate) => {
    if (reading || now() - readAt < (gate.refreshMs ?? 1_000)) return;
    reading = true;
    readAt = now();
    gate.pacing
      .heldUntil(gate.key)
      .then((until) => {
        if (until) openAt = Math.max(openAt, until.getTime());
      }, failed)
      .finally(() => {
        reading = false;
      });
  };
  return {
    remainingMs() {
      if (shared) readOthers(shared);
      return Math.max(0, openAt - now());
    },
    holdFor(ms) {
      openAt = Math.max(openAt, now() + Math.max(0, ms));
      shared?.pacing.holdUntil(shared.key, new Date(openAt)).catch(failed);
    },
  };
}

/**
 * The SDK-backed adapters, one per configured integration; null where credentials are absent.
 * Every call gets UPSTREAM_TIMEOUT_SECONDS, and each provider its own gate, so a 429 from one
 * pauses that provider only. An adapter's modules are imported only when its integration is
 * configured: node-zendesk, twilio's REST client and Bolt with Slack's Web API are about 10 MiB
 * of the service's resident memory at start (BENCHMARKS.md), which a service without them need not carry.
 */
export async function buildIntegrations(
  config: AppConfig,
  logger: Logger,
  options: {
    slackPacingMs?: number;
    metrics?: Metrics;
    /** The database's shared paces (Zendesk budget, Slack posts per channel); this process's memory when absent. */
    pacing?: PacingStore;
  } = {},
): Promise<OutsideClients> {
  const timeoutMs = config.upstreamTimeoutMs;
  const zendeskApi = config.zendesk.api;
  const { pacing } = options;
  const gateFor = (key: string) =>
    createRateLimitGate(
      Date.now,
      pacing && { pacing, key: `gate:${key}`, logger: logger.child({ component: 'gate' }) },
    );
  // The ticket client and the groups reader share the gate and the account's one budget.
  const zendeskOptions = zendeskApi && {
    ...zendeskApi,
    timeoutMs,
    gate: gateFor(`zendesk:${new URL(zendeskApi.url).host}`),
    budget: zendeskBudget(
      { url: zendeskApi.url, perMinute: config.zendesk.requestsPerMinute },
      options.metrics,
      options.pacing,
    ),
    logger: logger.child({ integration: 'zendesk' }),
    ...(options.metrics ? { onRequest: countZendeskRequests(options.metrics) } : {}),
  };
  let zendesk: ZendeskPort | null = null;
  let teamNames: TeamNameSource | null = null;
  if (zendeskOptions) {
    const [{ createZendeskClient }, { createGroupsReader }, { createZendeskHttp }] = await Promise.all([
      import('../integrations/zendesk/client.js'),
      import('../integrations/zendesk/list-groups.js'),
      import('../integrations/zendesk/zendesk-http.js'),
    ]);
    zendesk = createZendeskClient(zendeskOptions);
    teamNames = createGroupsReader(createZendeskHttp(zendeskOptions));
  }
  let sms: SmsSender | null = null;
  let whatsapp: SmsSender | null = null;
  if (config.twilio) {
    const { createTwilioSmsSender } = await import('../integrations/twilio/client.js');
    // SMS and WhatsApp go through one Twilio account, so one 429 holds both.
    const twilioGate = gateFor('twilio');
    sms = createTwilioSmsSender({ ...config.twilio, timeoutMs, gate: twilioGate, logger });
    const whatsappFrom = config.twilio.whatsappFrom;
    if (whatsappFrom)
      whatsapp = createTwilioSmsSender({ ...config.twilio, from: whatsappFrom, timeoutMs, gate: twilioGate, logger });
  }
  const messaging = config.sunco
    ? createSuncoMessagingSender({ ...config.sunco, timeoutMs, gate: gateFor('sunco'), logger })
    : null;
  const chat = { zendesk, teamNames, sms, whatsapp, messaging };
  if (!config.slack)
    return {
      ...chat,
      slack: null,
      alertPoster: null,
      reportPoster: null,
      slackRouter: null,
      slackDeliveryHandler: null,
    };
  const { signingSecret } = config.slack;
  const [
    { createSlackAlertPoster },
    { createSlackReportPoster },
    { createSlackApp },
    { createSlackDeliveryHandler },
    { createSlackSurveySender, createSlackWebClient },
  ] = await Promise.all([
    import('../integrations/slack/alert-poster.js'),
    import('../integrations/slack/report-poster.js'),
    import('../integrations/slack/app.js'),
    import('../integrations/slack/handle-delivery.js'),
    import('../integrations/slack/client.js'),
  ]);
  const client = createSlackWebClient({
    botToken: config.slack.botToken,
    apiUrl: config.slack.apiUrl,
    timeoutMs,
    logger: logger.child({ integration: 'slack' }),
  });
  // Survey DMs and alert posts go through the same bot token, so one 429 holds both.
  const slackGate = gateFor('slack');
  return {
    ...chat,
    slack: createSlackSurveySender(client, { gate: slackGate }),
    alertPoster: createSlackAlertPoster(client, {
      minIntervalMs: options.slackPacingMs,
      gate: slackGate,
      ...(pacing ? { pacing } : {}),
    }),
    reportPoster: createSlackReportPoster(client, { gate: slackGate }),
    slackRouter: (deps) => createSlackApp({ signingSecret, client, logger, ...deps }).router,
    slackDeliveryHandler: (deps) => createSlackDeliveryHandler({ client, ...deps }),
  };
}
