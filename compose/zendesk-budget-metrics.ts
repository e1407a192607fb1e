import { Counter, Gauge } from 'prom-client';
import { createRequestBudget, type RequestBudget } from '../integrations/zendesk/request-budget.js';
import type { Metrics } from '../src/metrics.js';
import type { PacingStore } from '../src/ports/pacing-store.js';

/**
 * The Zendesk account's request budget, its slots shared through the database by every
 * instance on it (one key per account host), with this process's use in /metrics when there
 * is a registry. Without a store (clients built alone) it is this process's own.
 */
export function zendeskBudget(
  api: { url: string; perMinute: number },
  metrics: Metrics | undefined,
  pacing?: PacingStore,
): RequestBudget {
  const budget = createRequestBudget({
    perMinute: api.perMinute,
    ...(pacing ? { pacing, key: `zendesk:requests:${new URL(api.url).host}` } : {}),
  });
  if (!metrics) return budget;
  new Gauge({
    name: 'effortless_zendesk_request_budget_per_minute',
    help: 'Zendesk API requests a minute the instances on this database may make together (ZENDESK_REQUESTS_PER_MINUTE)',
    registers: [metrics.registry],
    collect() {
      this.set(budget.perMinute);
    },
  });
  new Gauge({
    name: 'effortless_zendesk_requests_last_minute',
    help: 'Zendesk API requests this process made in the last 60 seconds; sum over instances and divide by the budget for its use',
    registers: [metrics.registry],
    collect() {
      this.set(budget.usedLastMinute());
    },
  });
  return budget;
}

/** Counts each Zendesk request that goes out, by operation (getTicket, listAudits, updateTicket, ...). */
export function countZendeskRequests(metrics: Metrics): (operation: string) => void {
  const counter = new Counter({
    name: 'effortless_zendesk_requests_total',
    help: 'Zendesk API requests sent, by operation',
    labelNames: ['operation'] as const,
    registers: [metrics.registry],
  });
  return (operation) => counter.inc({ operation });
}
