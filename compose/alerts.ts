import { MetricAggregates } from '../src/domain/alerts/aggregates.js';
import type { AlertDeps } from '../src/app/alerts/alert-deps.js';
import { createAlertService, type AlertService } from '../src/app/alerts/alert-service.js';
import type { AlertSettings } from '../src/app/alerts/alert-settings.js';
import { createAlertSender } from '../src/app/alerts/send-alert.js';
import type { Clock } from '../src/ports/clock.js';
import type { AppConfig } from '../src/config/load-config.js';
import type { Logger } from '../src/logger.js';
import type { Metrics } from '../src/metrics.js';
import type { AlertPoster } from '../src/ports/alert-channel.js';
import { SLACK_ALERT, type OutboxSenders } from '../src/ports/outbox.js';
import type { Store } from '../src/ports/store.js';
import type { TeamNames } from '../src/ports/team-names.js';
import type { EffortWeights } from '../src/domain/effort-index.js';

/** Live sources the alert settings read on every use instead of a copy taken at start. */
export interface LiveAlertSources {
  /** The team directory, refreshed from Zendesk. */
  teamNames?: () => TeamNames;
  /** The effort weights in force: fitted to CES answers once there are enough, else the configured ones. */
  effortWeights?: () => EffortWeights;
}

/**
 * The alert settings. Team names and effort weights are read on every use when sources are
 * given, so names refreshed from Zendesk and a new fit of the effort model reach alerts and
 * `/effort` without a restart: an alert then weighs each driver's rise as the index does.
 */
export function alertSettingsFrom(config: AppConfig, live: LiveAlertSources = {}): AlertSettings {
  const settings: AlertSettings = {
    ...config.alerts,
    channel: config.slack?.alertChannel ?? null,
    dashboardUrl: `${config.publicUrl}/`,
    zendeskUrl: config.zendesk.api?.url ?? null,
    effortWeights: config.effortWeights,
  };
  if (live.teamNames) Object.defineProperty(settings, 'teamNames', { get: live.teamNames, enumerable: true });
  if (live.effortWeights)
    Object.defineProperty(settings, 'effortWeights', { get: live.effortWeights, enumerable: true });
  return settings;
}

export interface BuiltAlerts {
  service: AlertService;
  /** The outbox sender for `slack.alert`; null when alerts are not posted. */
  senders: OutboxSenders;
}

/** The alert service's dependencies, with empty aggregates (load() fills them). */
export function alertDepsFor(
  input: {
    config: AppConfig;
    store: Store;
    clock: Clock;
    logger: Logger;
    metrics?: Metrics;
  } & LiveAlertSources,
): AlertDeps {
  const { metrics } = input;
  return {
    store: input.store,
    clock: input.clock,
    logger: input.logger.child({ component: 'alerts' }),
    settings: alertSettingsFrom(input.config, input),
    aggregates: new MetricAggregates(),
    ...(metrics ? { countAlert: (metric: string) => metrics.alerts.inc({ metric }) } : {}),
  };
}

/** Builds the alert service with its aggregates loaded from the database. */
export async function buildAlerts(
  input: {
    config: AppConfig;
    store: Store;
    clock: Clock;
    logger: Logger;
    metrics: Metrics;
    poster: AlertPoster | null;
  } & LiveAlertSources,
): Promise<BuiltAlerts> {
  const deps = alertDepsFor(input);
  const { settings, logger } = deps;
  if (input.config.slack && !settings.channel)
    logger.warn('Slack alerts off: set SLACK_ALERT_CHANNEL; alerts are kept for the CLI and dashboard');
  const service = createAlertService(deps);
  await service.load();
  const senders: OutboxSenders = {};
  if (input.poster && settings.channel) {
    senders[SLACK_ALERT] = createAlertSender({
      poster: input.poster,
      alerts: input.store.alerts,
      clock: input.clock,
      channel: settings.channel,
    });
  }
  return { service, senders };
}
