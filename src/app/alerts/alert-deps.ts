import type { MetricAggregates } from '../../domain/alerts/aggregates.js';
import type { Logger } from '../../logger.js';
import type { Store } from '../../ports/store.js';
import type { Clock } from '../../ports/clock.js';
import type { AlertSettings } from './alert-settings.js';

export interface AlertDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  settings: AlertSettings;
  /** The in-memory hourly aggregates, loaded at start (loadAggregates) and kept up to date. */
  aggregates: MetricAggregates;
  /** Counts alerts opened, by metric (prom-client counter in the service). */
  countAlert?: (metric: string) => void;
}
