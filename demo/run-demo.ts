import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { loadConfig } from '../src/config/load-config.js';
import { createLogger } from '../src/logger.js';
import { startService, type RunningService } from '../src/start-service.js';
import { SurveyResponder } from './answer-surveys.js';
import { DEMO_TEAMS, generateWeek, type DemoWeek } from './scenario.js';
import type { DemoSecrets } from './signed-requests.js';
import { postZendeskWebhook } from './signed-requests.js';
import { startStandIns, type StandIns } from './stand-ins/start-stand-ins.js';
import { statusChangedEvent } from './zendesk-webhook.js';

export interface DemoOptions {
  seed: number;
  days: number;
  ticketsPerDay: number;
  /** Listen port of the service; a free one by default. */
  port?: number;
  onProgress?: (progress: { hour: number; hours: number; tickets: number; answers: number }) => void;
}

export interface DemoRun {
  service: RunningService;
  standIns: StandIns;
  week: DemoWeek;
  responder: SurveyResponder;
  publicUrl: string;
  dashboardToken: string;
  /** Where the service's log and database went. */
  workDir: string;
  leadsChannelId: string;
  days: number;
  /** Stops the service and the stand-ins; `removeFiles` also deletes the database and log. */
  stop(options?: { removeFiles?: boolean }): Promise<void>;
}

/** Every demo plays the same week, so a seed gives the same story whatever the date. */
export const DEMO_START = new Date('2026-11-02T00:00:00Z');
const HOUR = 3_600_000;
/** After the last solve: time for SMS held by quiet hours to go out and be answered. */
export const TAIL_HOURS = 12;
const LEADS_CHANNEL_ID = 'C0LEADS0001';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}

const secret = (bytes = 24) => randomBytes(bytes).toString('hex');

/**
 * The whole loop on one machine: stand-ins for Zendesk, Twilio and Slack on loopback,
 * the service on a temporary SQLite file with a simulated clock, and a contact-center
 * week played through the real signed webhooks, hour by hour.
 */
export async function runDemo(options: DemoOptions): Promise<DemoRun> {
  const week = generateWeek({ seed: options.seed, days: options.days, ticketsPerDay: options.ticketsPerDay, start: DEMO_START });
  let now = DEMO_START;
  const clock = { now: () => now };
  const workDir = mkdtempSync(join(tmpdir(), 'effortless-demo-'));
  const secrets: DemoSecrets = { zendeskWebhookSecret: randomBytes(32).toString('base64'), twilioAuthToken: secret(16), slackSigningSecret: secret(16) };
  const accounts = { zendeskEmail: 'effortless-bot@demo.example', zendeskToken: secret(), accountSid: `AC${secret(16)}`, from: '+15017122661', slackToken: `xoxb-demo-${secret(8)}` };
  const standIns = await startStandIns({
    zendesk: { email: accounts.zendeskEmail, apiToken: accounts.zendeskToken, botUserId: 1900000001, now: () => now.getTime() },
    twilio: { accountSid: accounts.accountSid, authToken: secrets.twilioAuthToken, now: () => now.getTime() },
    slack: { botToken: accounts.slackToken, channels: { 'support-leads': LEADS_CHANNEL_ID } },
  });
  for (const customer of week.customers) {
    standIns.zendesk.state.putUser(customer.user);
    if (customer.slackUserId && customer.user.email) standIns.slack.state.putUser({ id: customer.slackUserId, email: customer.user.email, name: customer.user.name });
  }

  const port = options.port ?? (await freePort());
  const publicUrl = `http://127.0.0.1:${port}`;
  const dashboardToken = secret(16);
  const configFile = join(workDir, 'effortless.config.json');
  writeFileSync(configFile, JSON.stringify({ alerts: { teamNames: Object.fromEntries(DEMO_TEAMS.map((t) => [String(t.id), t.name])) } }, null, 2));
  const config = loadConfig(
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
      ZENDESK_EFFORT_FIELD_ID: '360005',
      ZENDESK_CES_FIELD_ID: '360006',
      TWILIO_ACCOUNT_SID: accounts.accountSid,
      TWILIO_AUTH_TOKEN: secrets.twilioAuthToken,
      TWILIO_FROM: accounts.from,
      TWILIO_API_URL: standIns.twilio.url,
      SLACK_BOT_TOKEN: accounts.slackToken,
      SLACK_SIGNING_SECRET: secrets.slackSigningSecret,
      SLACK_API_URL: `${standIns.slack.url}/api/`,
      SLACK_ALERT_CHANNEL: '#support-leads',
      DASHBOARD_TOKEN: dashboardToken,
    },
    { cwd: workDir },
  );
  const logger = createLogger({ level: 'info', destination: pino.destination({ dest: join(workDir, 'service.log'), sync: false }) });
  // The simulated clock drives every worker and the alert job; Slack pacing is off because a
  // demo hour passes in a fraction of a second.
  const service = await startService(config, { logger, clock, manualWorkers: true, slackPacingMs: 0 });
  const responder = new SurveyResponder({ seed: options.seed, standIns, serviceUrl: service.url, publicUrl, secrets, accountSid: accounts.accountSid, from: accounts.from });

  /** Runs the workers and lets customers answer until nothing is left to do at this moment. */
  async function settle(): Promise<void> {
    for (;;) {
      await service.runWorkersUntilIdle();
      const handled = await responder.answerNew();
      await waitForSlackAnswers(service, responder);
      if (handled === 0) return;
    }
  }

  const hours = options.days * 24 + TAIL_HOURS;
  let next = 0;
  for (let hour = 0; hour < hours; hour++) {
    const end = new Date(DEMO_START.getTime() + (hour + 1) * HOUR);
    for (; next < week.cases.length && week.cases[next]!.solvedAt < end; next++) {
      const demoCase = week.cases[next]!;
      now = demoCase.solvedAt;
      standIns.zendesk.state.putTicket(demoCase.ticket, demoCase.audits);
      responder.solved(demoCase);
      await postZendeskWebhook(service.url, secrets, statusChangedEvent(demoCase.ticket, 'open', now), now);
      await settle();
    }
    now = end;
    await settle();
    await service.alerts.evaluate();
    await settle();
    options.onProgress?.({ hour: hour + 1, hours, tickets: next, answers: responder.answered.filter((a) => a.answer.kind === 'score').length });
  }

  return {
    service,
    standIns,
    week,
    responder,
    publicUrl,
    dashboardToken,
    workDir,
    leadsChannelId: LEADS_CHANNEL_ID,
    days: options.days,
    async stop(stopOptions = {}) {
      await service.stop();
      await standIns.stop();
      logger.flush();
      if (stopOptions.removeFiles) rmSync(workDir, { recursive: true, force: true });
    },
  };
}

/** Bolt acks a button press before the survey service records it; wait until it has. */
async function waitForSlackAnswers(service: RunningService, responder: SurveyResponder): Promise<void> {
  while (responder.pressedSurveyIds.length > 0) {
    const id = responder.pressedSurveyIds[0]!;
    const deadline = Date.now() + 5_000;
    while ((await service.store.surveys.getById(id))?.answeredAt == null) {
      if (Date.now() > deadline) throw new Error(`demo: the Slack answer to survey ${id} was not recorded within 5 s (see the service log)`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    responder.pressedSurveyIds.shift();
  }
}
