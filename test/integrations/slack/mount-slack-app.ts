import express from 'express';
import { createSlackApp } from '../../../integrations/slack/app.js';
import { createSlackWebClient } from '../../../integrations/slack/client.js';
import type { AlertInbound } from '../../../src/ports/alert-channel.js';
import type { SurveyInbound } from '../../../src/ports/survey-channels.js';
import { captureLogs } from '../../support/capture-logs.js';
import { openTestStore } from '../../support/store.js';

export const SLACK_TEST_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
export const SLACK_TEST_API = 'http://slack.test';

/**
 * POST /slack/events as the service mounts it (no body parser in front), on a fresh
 * in-memory inbox, with a Web API client that talks to SLACK_TEST_API and never retries.
 */
export async function mountSlackApp(deps: {
  inbound: SurveyInbound;
  alerts?: AlertInbound;
  effortCommandDeadlineMs?: number;
}) {
  const logs = captureLogs();
  const store = await openTestStore();
  const client = createSlackWebClient({
    botToken: 'xoxb-1-2-test',
    apiUrl: `${SLACK_TEST_API}/api/`,
    logger: logs.logger,
    retryConfig: { retries: 0 },
  });
  const slack = createSlackApp({
    signingSecret: SLACK_TEST_SECRET,
    client,
    logger: logs.logger,
    inbox: store.deliveries,
    clock: { now: () => new Date() },
    ...deps,
  });
  const http = express();
  http.use(slack.router);
  return { http, logs, slack, store };
}
