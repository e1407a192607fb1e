import { createReportBuilder, type BuildReport } from '../src/app/report/build-report.js';
import { createReportSender } from '../src/app/report/send-report.js';
import { scheduleWeeklyReport } from '../src/app/report/weekly-schedule.js';
import type { AppConfig } from '../src/config/load-config.js';
import type { Logger } from '../src/logger.js';
import type { Clock } from '../src/ports/clock.js';
import { SLACK_REPORT, type OutboxSenders } from '../src/ports/outbox.js';
import type { ReportPoster } from '../src/ports/report-channel.js';
import type { Store } from '../src/ports/store.js';
import type { TeamNames } from '../src/ports/team-names.js';

export interface BuiltReports {
  build: BuildReport;
  /** The outbox sender for `slack.report`; empty while Slack or SLACK_ALERT_CHANNEL is off. */
  senders: OutboxSenders;
  /** Starts the weekly digest schedule when enabled and postable; returns the stop function. */
  schedule(): () => void;
}

export function buildReports(input: {
  config: AppConfig;
  store: Store;
  clock: Clock;
  logger: Logger;
  teamNames: () => TeamNames;
  poster: ReportPoster | null;
}): BuiltReports {
  const { config, store } = input;
  const build = createReportBuilder({
    reports: store.reports,
    listAnsweredCes: (since) => store.tickets.listAnsweredCes(since),
    weights: config.effortWeights,
    teamNames: input.teamNames,
    zendeskUrl: config.zendesk.api?.url.replace(/\/+$/, '') ?? null,
    worstCount: config.report.worstCount,
  });
  const channel = config.slack?.alertChannel ?? null;
  const senders: OutboxSenders = {};
  if (input.poster && channel)
    senders[SLACK_REPORT] = createReportSender({
      poster: input.poster,
      build,
      channel,
      dashboardUrl: `${config.publicUrl}/`,
    });
  const logger = input.logger.child({ component: 'report' });
  return {
    build,
    senders,
    schedule() {
      const { weekday, time, timeZone, enabled } = config.report.weekly;
      if (!enabled || !senders[SLACK_REPORT]) return () => undefined;
      return scheduleWeeklyReport({
        outbox: store.outbox,
        state: store.syncState,
        atomically: (work) => store.atomically(work),
        clock: input.clock,
        logger,
        schedule: { weekday, time, timeZone },
      });
    },
  };
}
