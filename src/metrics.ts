import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One registry per app instance, so tests and the demo can run several side by side. */
export function createMetrics(options: { collectDefaults?: boolean } = {}) {
  const registry = new Registry();
  if (options.collectDefaults ?? true) collectDefaultMetrics({ register: registry, prefix: 'effortless_' });
  return {
    registry,
    httpRequests: new Counter({
      name: 'effortless_http_requests_total',
      help: 'HTTP requests answered, by route and status code',
      labelNames: ['method', 'route', 'status'] as const,
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'effortless_http_request_duration_seconds',
      help: 'HTTP request duration',
      labelNames: ['method', 'route'] as const,
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
      registers: [registry],
    }),
    webhookDeliveries: new Counter({
      name: 'effortless_webhook_deliveries_total',
      help: 'Webhook deliveries received, by provider and outcome (stored, duplicate, rejected, malformed, ignored, too_large)',
      labelNames: ['provider', 'outcome'] as const,
      registers: [registry],
    }),
    deliveriesProcessed: new Counter({
      name: 'effortless_deliveries_processed_total',
      help: 'Inbox deliveries processed by the worker, by outcome (done, ignored, retry, dead)',
      labelNames: ['provider', 'outcome'] as const,
      registers: [registry],
    }),
    queueDepth: new Gauge({
      name: 'effortless_queue_depth',
      help: 'Rows per queue and status (inbox and outbox)',
      labelNames: ['queue', 'status'] as const,
      registers: [registry],
    }),
    sends: new Counter({
      name: 'effortless_outbox_sends_total',
      help: 'Outbox sends, by kind and outcome (sent, retry, dead)',
      labelNames: ['kind', 'outcome'] as const,
      registers: [registry],
    }),
    surveys: new Gauge({
      name: 'effortless_surveys',
      help: 'Surveys sent and answered, by channel and journey rule (default or rule N of surveys.rules)',
      labelNames: ['channel', 'journey_rule', 'outcome'] as const,
      registers: [registry],
    }),
    surveyResponseRate: new Gauge({
      name: 'effortless_survey_response_rate',
      help: 'Answered / sent surveys, by channel and journey rule',
      labelNames: ['channel', 'journey_rule'] as const,
      registers: [registry],
    }),
    surveysSkipped: new Gauge({
      name: 'effortless_surveys_skipped',
      help: 'Surveys not sent, by the policy rule that said no',
      labelNames: ['rule'] as const,
      registers: [registry],
    }),
    alerts: new Counter({
      name: 'effortless_alerts_total',
      help: 'Alerts posted to Slack, by metric',
      labelNames: ['metric'] as const,
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
