import { type Command, InvalidArgumentError, Option } from 'commander';
import pino from 'pino';
import { loadConfigOrExit } from './load-config-or-exit.js';
import type { ReportFormat } from './report-format.js';

const DAY_MS = 86_400_000;

/** `2026-11-01` (a UTC day) or a full ISO instant. */
function parseDay(value: string): { at: Date; wholeDay: boolean } {
  const wholeDay = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const at = new Date(wholeDay ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(at.getTime())) throw new InvalidArgumentError('expected a date such as 2026-11-01');
  return { at, wholeDay };
}

/**
 * The period: `--until` names the last day included (a plain date) or an instant; without it,
 * the period ends at the start of today (UTC). `--since` defaults to seven days before the end.
 */
export function reportPeriod(
  options: { since?: { at: Date; wholeDay: boolean }; until?: { at: Date; wholeDay: boolean } },
  now: Date,
): { since: Date; until: Date } {
  const until = options.until
    ? new Date(options.until.at.getTime() + (options.until.wholeDay ? DAY_MS : 0))
    : new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS);
  const since = options.since?.at ?? new Date(until.getTime() - 7 * DAY_MS);
  if (since.getTime() >= until.getTime()) throw new InvalidArgumentError('--since must be before --until');
  return { since, until };
}

export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description("print the period's effort figures; --post also sends the digest to SLACK_ALERT_CHANNEL")
    .option('--since <date>', 'first day (YYYY-MM-DD, UTC) or ISO instant; default seven days before --until', parseDay)
    .option(
      '--until <date>',
      'last day included (YYYY-MM-DD, UTC) or ISO instant (excluded); default yesterday',
      parseDay,
    )
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'csv']).default('text'))
    .option('--post', 'send the digest to SLACK_ALERT_CHANNEL through the outbox')
    .action(
      async (options: {
        since?: ReturnType<typeof parseDay>;
        until?: ReturnType<typeof parseDay>;
        format: ReportFormat;
        post?: boolean;
      }) => {
        const config = loadConfigOrExit();
        let period: { since: Date; until: Date };
        try {
          period = reportPeriod(options, new Date());
        } catch (error) {
          console.error(`effortless report: ${(error as Error).message}`);
          process.exit(2);
        }
        const [{ buildService }, { createLogger }, { formatReport }, { postReportNow }] = await Promise.all([
          import('../build-service.js'),
          import('../../src/logger.js'),
          import('./report-format.js'),
          import('./post-report.js'),
        ]);
        const logger = createLogger({ level: 'warn', destination: pino.destination(2) });
        const service = await buildService(config, { logger });
        try {
          await service.teams.refresh();
          console.log(formatReport(await service.reports.build(period), options.format));
          if (options.post) console.error(await postReportNow(service, period));
        } finally {
          await service.close();
        }
      },
    );
}
