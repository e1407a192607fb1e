import express from 'express';
import twilio from 'twilio';
import { createTwilioSmsWebhook, createTwilioStatusWebhook } from '../../../integrations/twilio/webhook.js';
import { createMetrics } from '../../../src/metrics.js';
import type { SurveyInbound } from '../../../src/ports/survey-channels.js';
import { captureLogs } from '../../support/capture-logs.js';
import { openTestStore } from '../../support/store.js';
import { AUTH_TOKEN } from './support.js';

/** What Twilio is configured to call; supertest reaches the app on loopback, as behind a proxy. */
export const PUBLIC_URL = 'https://effortless.example.com';
export const SMS_PATH = '/webhooks/twilio/sms';
export const STATUS_PATH = '/webhooks/twilio/status';
export const NOW = new Date('2026-03-02T10:00:00Z');

/** Signs like Twilio: the twilio package's own algorithm over PUBLIC_URL + path (+ query). */
export function sign(pathAndQuery: string, params: Record<string, string>, token = AUTH_TOKEN): string {
  return twilio.getExpectedTwilioSignature(token, PUBLIC_URL + pathAndQuery, params);
}

/** A tiny app with both handlers mounted the way the service mounts them. */
export async function webhookApp(inbound: SurveyInbound, options: { authToken?: string | null } = {}) {
  const store = await openTestStore();
  const logs = captureLogs();
  const metrics = createMetrics({ collectDefaults: false });
  const deps = {
    authToken: options.authToken === undefined ? AUTH_TOKEN : options.authToken,
    publicUrl: PUBLIC_URL,
    inbound,
    inbox: store.deliveries,
    atomically: store.atomically,
    clock: { now: () => NOW },
    logger: logs.logger,
    metrics,
  };
  const app = express();
  app.use(express.urlencoded({ extended: false }));
  app.post(SMS_PATH, createTwilioSmsWebhook(deps));
  app.post(STATUS_PATH, createTwilioStatusWebhook(deps));
  const counted = async () => {
    const values = (await metrics.webhookDeliveries.get()).values;
    return Object.fromEntries(values.map((v) => [`${v.labels.provider}:${v.labels.outcome}`, v.value]));
  };
  return { app, store, logs, counted };
}
