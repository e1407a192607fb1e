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
      const [{ buildService }, { runBackfill }, { sleep }, { createLogger }] = await Promise.all([
        import('../build-service.js'),
        import('../../src/app/backfill.js'),
        import('../../src/app/clock.js'),
        import('../../src/logger.js'),
      ]);
      // Logs go to stderr at warn level so they do not tear the progress bar apart.
      const logger = createLogger({ level: 'warn', destination: pino.destination(2) });
      const service = await buildService(config, { logger });
      const { zendesk, store, clock, alerts } = service;
      if (!zendesk) {
        console.error('effortless backfill: set ZENDESK_URL, ZENDESK_EMAIL and ZENDESK_API_TOKEN first.');
        process.exitCode = 1;
        await service.close();
        return;
      }
      const bar = new SingleBar(
        {
          format: '{phase} [{bar}] {percentage}% | tickets {tickets} | audits {audits} | recomputed {recomputed}',
          noTTYOutput: true,
          notTTYSchedule: 10_000,
        },
        Presets.shades_classic,
      );
      bar.start(100, 0, { phase: 'tickets', tickets: 0, audits: 0, recomputed: 0 });
      try {
        const summary = await runBackfill(
          {
            zendesk,
            store,
            clock,
            logger,
            sleep,
            effortWeights: config.effortWeights,
            driverDefinitions: config.drivers,
            // Solved cases from the history become the alerts' baseline, a page at a time in the
            // transaction that saved them (a running service reloads the hours they changed).
            onCasesRecomputed: async (cases) => void (await alerts.recordSolvedCases(cases, clock.now())),
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
        const hint =
          error instanceof RangeError ? '' : '\nRun the same command again to resume from the saved position.';
        console.error(`effortless backfill stopped: ${(error as Error).message}${hint}`);
        process.exitCode = 1;
      } finally {
        await service.close();
      }
    });
}
