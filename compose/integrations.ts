import { createSlackAlertPoster } from '../integrations/slack/alert-poster.js';
import { createSlackApp } from '../integrations/slack/app.js';
import { createSlackSurveySender, createSlackWebClient } from '../integrations/slack/client.js';
import { createTwilioSmsSender } from '../integrations/twilio/client.js';
import { createZendeskClient } from '../integrations/zendesk/client.js';
import type { AppConfig } from '../src/config/load-config.js';
import type { Logger } from '../src/logger.js';
import type { AlertInbound, AlertPoster } from '../src/ports/alert-channel.js';
import type { SlackSurveySender, SmsSender, SurveyInbound } from '../src/ports/survey-channels.js';
import type { ZendeskPort } from '../src/ports/zendesk.js';
import type { Router } from 'express';

export interface OutsideClients {
  zendesk: ZendeskPort | null;
  sms: SmsSender | null;
  slack: SlackSurveySender | null;
  /** Posts leads' alerts (SLACK_ALERT_CHANNEL); null when Slack is off. */
  alertPoster: AlertPoster | null;
  /** Builds Bolt's router once the survey and alert services (their inbound sides) exist. */
  slackRouter: ((inbound: SurveyInbound, alerts: AlertInbound) => Router) | null;
}

/** The SDK-backed adapters, one per configured integration; null where credentials are absent. */
export function buildIntegrations(config: AppConfig, logger: Logger, options: { slackPacingMs?: number } = {}): OutsideClients {
  const zendesk = config.zendesk.api
    ? createZendeskClient({ ...config.zendesk.api, logger: logger.child({ integration: 'zendesk' }) })
    : null;
  const sms = config.twilio
    ? createTwilioSmsSender({ accountSid: config.twilio.accountSid, authToken: config.twilio.authToken, from: config.twilio.from, apiUrl: config.twilio.apiUrl, logger })
    : null;
  if (!config.slack) return { zendesk, sms, slack: null, alertPoster: null, slackRouter: null };
  const { signingSecret } = config.slack;
  const client = createSlackWebClient({ botToken: config.slack.botToken, apiUrl: config.slack.apiUrl, logger: logger.child({ integration: 'slack' }) });
  return {
    zendesk,
    sms,
    slack: createSlackSurveySender(client),
    alertPoster: createSlackAlertPoster(client, { minIntervalMs: options.slackPacingMs }),
    slackRouter: (inbound, alerts) => createSlackApp({ signingSecret, client, inbound, alerts, logger }).router as Router,
  };
}
