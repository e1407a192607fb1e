import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { rulesFor } from '../src/domain/alerts/rules.js';
import { teamSegment } from '../src/domain/alerts/segments.js';
import { createLogger, type Logger } from '../src/logger.js';
import { startService, type RunningService } from '../compose/build-service.js';
import { SurveyResponder } from './answer-surveys.js';
import { demoCredentials, demoServiceConfig } from './demo-service-config.js';
import { freePort } from './free-port.js';
import { demoRiseFeasibility, type RiseFeasibility } from './rise-feasibility.js';
import { generateWeek, RISING_TEAM_ID, type DemoWeek } from './scenario.js';
import { postZendeskWebhook } from './signed-requests.js';
import { SlackAnswerWatch } from './slack-answer-watch.js';
import { startStandIns, type StandIns } from './stand-ins/start-stand-ins.js';
import { statusChangedEvent, ticketLifeEvents } from './zendesk-webhook.js';

export interface DemoOptions {
  seed: number;
  days: number;
  ticketsPerDay: number;
  /**
   * Which Zendesk events each case posts: `every` (default) is the README's recommended
   * subscription, the case's whole life (created, comments, assignments, status changes);
   * `solved` only the solve, for runs that care about the flow and not the API budget.
   */
  zendeskEvents?: 'every' | 'solved';
  /** Listen port of the service; a free one by default. */
  port?: number;
  /** Keep the work dir (database, log, config file) when the run stops; by default it is removed. */
  keepFiles?: boolean;
  /** Aborting stops the play at its next step: the run is stopped (see keepFiles) and runDemo rejects. */
  signal?: AbortSignal;
  /** Once the service is up, before the first simulated hour: can a run of this size catch the rise? */
  /** As soon as the work dir exists, before anything starts: where the files are (kept on any end with keepFiles). */
  onWorkDir?: (workDir: string) => void;
  onReady?: (ready: { feasibility: RiseFeasibility; hours: number }) => void;
  onProgress?: (progress: { hour: number; hours: number; tickets: number; answers: number }) => void;
}

export interface DemoRun {
  service: RunningService;
  standIns: StandIns;
  week: DemoWeek;
  responder: SurveyResponder;
  publicUrl: string;
  dashboardToken: string;
  /** Where the service's log and database are while the run lasts (and after, with keepFiles). */
  workDir: string;
  keepFiles: boolean;
  leadsChannelId: string;
  days: number;
  /** Whether the run was big enough to catch the rise, by the service's own alert rules. */
  feasibility: RiseFeasibility;
  /** Stops the service and the stand-ins, then removes the work dir unless keepFiles (`removeFiles` overrides). Safe to call twice. */
  stop(options?: { removeFiles?: boolean }): Promise<void>;
}

/** Every demo plays the same week, so a seed gives the same story whatever the date. */
export const DEMO_START = new Date('2026-11-02T00:00:00Z');
const HOUR = 3_600_000;
/** After the last solve: time for SMS held by quiet hours to go out and be answered. */
export const TAIL_HOURS = 12;
const LEADS_CHANNEL_ID = 'C0LEADS0001';

/** Simulated hours a run of `days` plays: the week, then the tail. */
export const demoHours = (days: number) => days * 24 + TAIL_HOURS;

/**
 * The whole loop on one machine: stand-ins for Zendesk, Twilio and Slack on loopback,
 * the service on a temporary SQLite file with a simulated clock, and a contact-center
 * week played through the real signed webhooks, hour by hour. Whatever ends the run (its
 * stop, an error, an abort), the servers are closed and the work dir is removed unless
 * keepFiles.
 */
export async function runDemo(options: DemoOptions): Promise<DemoRun> {
  const week = generateWeek({
    seed: options.seed,
    days: options.days,
    ticketsPerDay: options.ticketsPerDay,
    start: DEMO_START,
  });
  let now = DEMO_START;
  const clock = { now: () => now };
  const keepFiles = options.keepFiles ?? false;
  const workDir = mkdtempSync(join(tmpdir(), 'effortless-demo-'));
  options.onWorkDir?.(workDir);
  let standIns: StandIns | undefined;
  let service: RunningService | undefined;
  let logger: Logger | undefined;
  let stopped: Promise<void> | undefined;
  const stop = (stopOptions: { removeFiles?: boolean } = {}) =>
    (stopped ??= (async () => {
      try {
        await service?.stop();
        await standIns?.stop();
        await new Promise<void>((resolve) => (logger ? logger.flush(() => resolve()) : resolve()));
      } finally {
        if (stopOptions.removeFiles ?? !keepFiles) rmSync(workDir, { recursive: true, force: true });
      }
    })());

  try {
    const credentials = demoCredentials();
    const { secrets, accounts } = credentials;
    standIns = await startStandIns({
      zendesk: {
        email: accounts.zendeskEmail,
        apiToken: accounts.zendeskToken,
        botUserId: 1900000001,
        now: () => now.getTime(),
      },
      twilio: { accountSid: accounts.accountSid, authToken: secrets.twilioAuthToken, now: () => now.getTime() },
      slack: { botToken: accounts.slackToken, channels: { 'support-leads': LEADS_CHANNEL_ID } },
      sunco: { ...accounts.sunco, now: () => now.getTime() },
    });
    for (const customer of week.customers) {
      standIns.zendesk.state.putUser(customer.user);
      if (customer.slackUserId && customer.user.email)
        standIns.slack.state.putUser({
          id: customer.slackUserId,
          email: customer.user.email,
          name: customer.user.name,
        });
    }
    const port = options.port ?? (await freePort());
    const publicUrl = `http://127.0.0.1:${port}`;
    const config = demoServiceConfig({ workDir, port, publicUrl, standIns, credentials });
    // Buffered: the log is for reading afterwards, and a write per line costs the demo time.
    logger = createLogger({
      level: 'info',
      destination: pino.destination({ dest: join(workDir, 'service.log'), sync: false, minLength: 4096 }),
    });
    // The simulated clock drives every worker and the alert job; Slack pacing is off because a
    // demo hour passes in a fraction of a second.
    const running = await startService(config, { logger, clock, manualWorkers: true, slackPacingMs: 0 });
    service = running;
    const slackAnswers = new SlackAnswerWatch(running.events);
    const responder = new SurveyResponder({
      seed: options.seed,
      standIns,
      serviceUrl: running.url,
      publicUrl,
      secrets,
      accountSid: accounts.accountSid,
      from: accounts.from,
      whatsappFrom: accounts.whatsappFrom,
      suncoAppId: accounts.sunco.appId,
    });
    const feasibility = demoRiseFeasibility(
      options.days,
      options.ticketsPerDay,
      rulesFor(running.alerts.rules, teamSegment(RISING_TEAM_ID)),
    );
    const hours = demoHours(options.days);
    options.onReady?.({ feasibility, hours });

    /** Runs the workers and lets customers answer until nothing is left to do at this moment. */
    const settle = async (): Promise<void> => {
      for (;;) {
        await running.runWorkersUntilIdle();
        const handled = await responder.answerNew();
        await slackAnswers.waitForAll(responder.pressedSurveyIds, () => running.runWorkersUntilIdle());
        if (handled === 0) return;
      }
    };

    let next = 0;
    for (let hour = 0; hour < hours; hour++) {
      const end = new Date(DEMO_START.getTime() + (hour + 1) * HOUR);
      for (; next < week.cases.length && week.cases[next]!.solvedAt < end; next++) {
        options.signal?.throwIfAborted();
        const demoCase = week.cases[next]!;
        now = demoCase.solvedAt;
        standIns.zendesk.state.putTicket(demoCase.ticket, demoCase.audits);
        responder.solved(demoCase);
        const events =
          options.zendeskEvents === 'solved'
            ? [statusChangedEvent(demoCase.ticket, 'open', now)]
            : ticketLifeEvents(demoCase.ticket, demoCase.audits);
        for (const event of events) {
          await postZendeskWebhook(running.url, secrets, event, now);
        }
        await settle();
      }
      options.signal?.throwIfAborted();
      now = end;
      await settle();
      await running.alerts.evaluate();
      await settle();
      options.onProgress?.({
        hour: hour + 1,
        hours,
        tickets: next,
        answers: responder.answered.filter((a) => a.answer.kind === 'score').length,
      });
    }

    return {
      service: running,
      standIns,
      week,
      responder,
      publicUrl,
      dashboardToken: credentials.dashboardToken,
      workDir,
      keepFiles,
      leadsChannelId: LEADS_CHANNEL_ID,
      days: options.days,
      feasibility,
      stop,
    };
  } catch (error) {
    await stop().catch(() => undefined); // the error that ended the run is the one to report
    throw error;
  }
}
