import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, type AppConfig } from '../src/config/load-config.js';
import { DEMO_TEAMS } from './scenario.js';
import type { DemoSecrets } from './signed-requests.js';
import type { StandIns } from './stand-ins/start-stand-ins.js';

/** The Zendesk field ids the demo's tickets carry effort and CES in. */
const EFFORT_FIELD_ID = '360005';
const CES_FIELD_ID = '360006';

const secret = (bytes = 24) => randomBytes(bytes).toString('hex');

/** Fresh random credentials per run: the stand-ins and the service share them, nothing else sees them. */
export function demoCredentials() {
  const secrets: DemoSecrets = {
    zendeskWebhookSecret: randomBytes(32).toString('base64'),
    twilioAuthToken: secret(16),
    slackSigningSecret: secret(16),
  };
  const accounts = {
    zendeskEmail: 'effortless-bot@demo.example',
    zendeskToken: secret(),
    accountSid: `AC${secret(16)}`,
    from: '+15017122661',
    slackToken: `xoxb-demo-${secret(8)}`,
  };
  return { secrets, accounts, dashboardToken: secret(16) };
}

export type DemoCredentials = ReturnType<typeof demoCredentials>;

/**
 * The service's configuration for a demo run, through the same loadConfig as `serve`: the
 * stand-ins' URLs, the run's credentials, a SQLite file and a config file (team names for
 * the alerts) in `workDir`. Alert rules are the defaults, as a fresh install has them.
 */
export function demoServiceConfig(options: {
  workDir: string;
  port: number;
  publicUrl: string;
  standIns: StandIns;
  credentials: DemoCredentials;
}): AppConfig {
  const { workDir, port, publicUrl, standIns, credentials } = options;
  const { secrets, accounts } = credentials;
  const configFile = join(workDir, 'effortless.config.json');
  writeFileSync(
    configFile,
    JSON.stringify(
      { alerts: { teamNames: Object.fromEntries(DEMO_TEAMS.map((t) => [String(t.id), t.name])) } },
      null,
      2,
    ),
  );
  return loadConfig(
    {
      PORT: String(port),
      PUBLIC_URL: publicUrl,
      DATABASE_URL: `file:${join(workDir, 'effortless-demo.db')}`,
      EFFORTLESS_CONFIG: configFile,
      TIMEZONE: 'Europe/Amsterdam',
      ZENDESK_URL: standIns.zendesk.url,
      ZENDESK_EMAIL: accounts.zendeskEmail,
      ZENDESK_API_TOKEN: accounts.zendeskToken,
      ZENDESK_WEBHOOK_SECRET: secrets.zendeskWebhookSecret,
      ZENDESK_EFFORT_FIELD_ID: EFFORT_FIELD_ID,
      ZENDESK_CES_FIELD_ID: CES_FIELD_ID,
      // The demo plays a week in a minute against a stand-in that has no rate limit.
      ZENDESK_REQUESTS_PER_MINUTE: '100000',
      TWILIO_ACCOUNT_SID: accounts.accountSid,
      TWILIO_AUTH_TOKEN: secrets.twilioAuthToken,
      TWILIO_FROM: accounts.from,
      TWILIO_API_URL: standIns.twilio.url,
      SLACK_BOT_TOKEN: accounts.slackToken,
      SLACK_SIGNING_SECRET: secrets.slackSigningSecret,
      SLACK_API_URL: `${standIns.slack.url}/api/`,
      SLACK_ALERT_CHANNEL: '#support-leads',
      DASHBOARD_TOKEN: credentials.dashboardToken,
    },
    { cwd: workDir },
  );
}
