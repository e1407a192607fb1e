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

/** WhatsApp templates for sends outside the 24-hour window: one made-up Content SID per language and kind. */
const DEMO_WHATSAPP_TEMPLATES = Object.fromEntries(
  ['en', 'nl'].map((language, l) => [
    language,
    Object.fromEntries(
      ['CES', 'CSAT', 'NPS'].map((kind, k) => [
        kind,
        { contentSid: `HX${String(l * 3 + k + 1).padStart(32, '0')}`, variables: { '1': '{company}' } },
      ]),
    ),
  ]),
);

/** Fresh random credentials per run: the stand-ins and the service share them, nothing else sees them. */
export function demoCredentials() {
  const secrets: DemoSecrets = {
    zendeskWebhookSecret: randomBytes(32).toString('base64'),
    twilioAuthToken: secret(16),
    slackSigningSecret: secret(16),
    suncoWebhookSecret: secret(16),
  };
  const accounts = {
    zendeskEmail: 'effortless-bot@demo.example',
    zendeskToken: secret(),
    accountSid: `AC${secret(16)}`,
    from: '+15017122661',
    slackToken: `xoxb-demo-${secret(8)}`,
    whatsappFrom: 'whatsapp:+15017122661',
    sunco: { appId: '5ebee0975ac5304b664a12fa', keyId: `app_${secret(12)}`, keySecret: secret() },
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
      {
        alerts: { teamNames: Object.fromEntries(DEMO_TEAMS.map((t) => [String(t.id), t.name])) },
        surveys: { whatsappTemplates: DEMO_WHATSAPP_TEMPLATES },
      },
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
      TWILIO_WHATSAPP_FROM: accounts.whatsappFrom,
      SUNCO_APP_ID: accounts.sunco.appId,
      SUNCO_KEY_ID: accounts.sunco.keyId,
      SUNCO_KEY_SECRET: accounts.sunco.keySecret,
      SUNCO_WEBHOOK_SECRET: secrets.suncoWebhookSecret,
      SUNCO_API_URL: standIns.sunco.url,
      SLACK_BOT_TOKEN: accounts.slackToken,
      SLACK_SIGNING_SECRET: secrets.slackSigningSecret,
      SLACK_API_URL: `${standIns.slack.url}/api/`,
      SLACK_ALERT_CHANNEL: '#support-leads',
      DASHBOARD_TOKEN: credentials.dashboardToken,
    },
    { cwd: workDir },
  );
}
