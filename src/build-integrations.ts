import { createSlackApp } from '../integrations/slack/app.js';
import { createSlackSurveySender, createSlackWebClient } from '../integrations/slack/client.js';
import { createTwilioSmsSender } from '../integrations/twilio/client.js';
import { createZendeskClient } from '../integrations/zendesk/client.js';
import type { AppConfig } from './config/load-config.js';
import type { Logger } from './logger.js';
import type { SlackSurveySender, SmsSender, SurveyInbound } from './ports/survey-channels.js';
import type { ZendeskPort } from './ports/zendesk.js';
import type { Router } from 'express';

export interface OutsideClients {
  zendesk: ZendeskPort | null;
  sms: SmsSender | null;
  slack: SlackSurveySender | null;
  /** Builds Bolt's router once the survey service (its inbound side) exists. */
  slackRouter: ((inbound: SurveyInbound) => Router) | null;
}

/** The SDK-backed adapters, one per configured integration; null where credentials are absent. */
export function buildIntegrations(config: AppConfig, logger: Logger): OutsideClients {
  const zendesk = config.zendesk.api
    ? createZendeskClient({ ...config.zendesk.api, logger: logger.child({ integration: 'zendesk' }) })
    : null;
  const sms = config.twilio
    ? createTwilioSmsSender({ accountSid: config.twilio.accountSid, authToken: config.twilio.authToken, from: config.twilio.from, apiUrl: config.twilio.apiUrl, logger })
    : null;
  if (!config.slack) return { zendesk, sms, slack: null, slackRouter: null };
  const { signingSecret } = config.slack;
  const client = createSlackWebClient({ botToken: config.slack.botToken, apiUrl: config.slack.apiUrl, logger: logger.child({ integration: 'slack' }) });
  return {
    zendesk,
    sms,
    slack: createSlackSurveySender(client),
    slackRouter: (inbound) => createSlackApp({ signingSecret, client, inbound, logger }).router as Router,
  };
}
