import { Presets, SingleBar } from 'cli-progress';
import { InvalidArgumentError, type Command } from 'commander';
import { pino } from 'pino';
import { loadConfigOrExit } from './load-config-or-exit.js';

function parseSince(value: string): Date {
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(date.getTime())) {
    throw new InvalidArgumentError('expected a date such as 2026-01-31 or 2026-01-31T12:00:00Z');
  }
  return date;
}

export function registerBackfillCommand(program: Command): void {
  program
    .command('backfill')
    .description('import ticket history from the Zendesk incremental exports; resumes where it stopped, safe to rerun')
    .requiredOption('--since <date>', 'first day to import (ISO date)', parseSince)
    .action(async (options: { since: Date }) => {
      const config = loadConfigOrExit();
      if (!config.zendesk.api) {
        console.error('effortless backfill: set ZENDESK_URL, ZENDESK_EMAIL and ZENDESK_API_TOKEN first.');
        process.exit(1);
      }
      const [{ openStore }, { createZendeskClient }, { runBackfill }, { systemClock, sleep }, { createLogger }, { alertDepsFor }, { recordCaseSample }] = await Promise.all([
        import('../../db/open-store.js'),
        import('../../integrations/zendesk/client.js'),
        import('../app/backfill.js'),
        import('../app/clock.js'),
        import('../logger.js'),
        import('../wire-alerts.js'),
        import('../app/alerts/record-samples.js'),
      ]);
      // Logs go to stderr at warn level so they do not tear the progress bar apart.
      const logger = createLogger({ level: 'warn', destination: pino.destination(2) });
      const store = await openStore(config.databaseUrl, { migrate: true });
      const zendesk = createZendeskClient({ ...config.zendesk.api, logger });
      // Solved cases from the history become the alerts' baseline (a running service reads them at its next start).
      const alertDeps = alertDepsFor({ config, store, clock: systemClock, logger });
      const bar = new SingleBar(
        { format: '{phase} [{bar}] {percentage}% | tickets {tickets} | audits {audits} | recomputed {recomputed}', noTTYOutput: true, notTTYSchedule: 10_000 },
        Presets.shades_classic,
      );
      bar.start(100, 0, { phase: 'tickets', tickets: 0, audits: 0, recomputed: 0 });
      try {
        const summary = await runBackfill(
          {
            zendesk,
            store,
            clock: systemClock,
            logger,
            sleep,
            effortWeights: config.effortWeights,
            onCaseRecomputed: async (ticketId) => void (await recordCaseSample(alertDeps, ticketId, systemClock.now())),
          },
          { since: options.since, onProgress: (p) => bar.update(Math.round(p.fraction * 100), p) },
        );
        bar.update(100);
        bar.stop();
        console.log(
          `backfill ${summary.resumed ? 'resumed and ' : ''}finished: ${summary.tickets} tickets, ${summary.audits} audits, ${summary.recomputed} cases scored`,
        );
      } catch (error) {
        bar.stop();
        const hint = error instanceof RangeError ? '' : '\nRun the same command again to resume from the saved position.';
        console.error(`effortless backfill stopped: ${(error as Error).message}${hint}`);
        process.exitCode = 1;
      } finally {
        await store.close();
      }
    });
}
