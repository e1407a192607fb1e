import { Command, InvalidArgumentError } from 'commander';
import { registerAlertsCommand } from './alerts-command.js';
import { registerBackfillCommand } from './backfill-command.js';
import { registerCopyDbCommand } from './copy-db-command.js';
import { registerReportCommand } from './report-command.js';
import { registerRetryCommand } from './retry-command.js';
import { registerSurveyCommand } from './survey-command.js';
import { registerDemoCommand } from './demo-command.js';
import { loadConfigOrExit } from './load-config-or-exit.js';
import { stopOnSignals } from './stop-on-signals.js';
import { StartupError } from '../../src/ports/errors.js';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('expected a port number');
  return n;
}

const program = new Command()
  .name('effortless')
  .description('Measures customer effort on Zendesk tickets and tells the people who can fix it.')
  .showHelpAfterError();

program
  .command('serve')
  .description('run the HTTP service and its workers (migrates the database first)')
  .option(
    '-p, --port <port>',
    'listen port (overrides PORT; PUBLIC_URL defaults to http://localhost:<port>)',
    positiveInt,
  )
  .action(async (options: { port?: number }) => {
    const config = loadConfigOrExit({ PORT: options.port?.toString() });
    const { startService } = await import('../build-service.js');
    stopOnSignals(await startService(config), config.shutdownGraceMs);
  });

program
  .command('migrate')
  .description('apply pending database migrations and exit')
  .action(async () => {
    const config = loadConfigOrExit();
    const { openConfiguredStore } = await import('../open-configured-store.js');
    const store = await openConfiguredStore(config);
    const ready = await store.isReady();
    await store.close();
    console.log(ready ? `database ${config.databaseUrl} is migrated` : 'migrations did not complete');
    process.exit(ready ? 0 : 1);
  });

registerBackfillCommand(program);
registerCopyDbCommand(program);
registerAlertsCommand(program);
registerDemoCommand(program);
registerReportCommand(program);
registerRetryCommand(program);
registerSurveyCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  // A start that cannot work as configured: one line that names what to change, no stack.
  if (!(error instanceof StartupError)) throw error;
  console.error(`effortless: cannot start: ${error.message}`);
  process.exit(1);
}
