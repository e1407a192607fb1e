import { Counter, Gauge } from 'prom-client';
import { createRequestBudget, type RequestBudget } from '../integrations/zendesk/request-budget.js';
import type { Metrics } from '../src/metrics.js';

/** The process's Zendesk request budget, with its use in /metrics when there is a registry. */
export function zendeskBudget(perMinute: number, metrics: Metrics | undefined): RequestBudget {
  const budget = createRequestBudget({ perMinute });
  if (!metrics) return budget;
  new Gauge({
    name: 'effortless_zendesk_request_budget_per_minute',
    help: 'Zendesk API requests a minute this process may make (ZENDESK_REQUESTS_PER_MINUTE)',
    registers: [metrics.registry],
    collect() {
      this.set(budget.perMinute);
    },
  });
  new Gauge({
    name: 'effortless_zendesk_requests_last_minute',
    help: 'Zendesk API requests made in the last 60 seconds; divide by the budget for its use',
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
