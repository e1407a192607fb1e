import { Command, InvalidArgumentError } from 'commander';
import { registerAlertsCommand } from './alerts-command.js';
import { registerBackfillCommand } from './backfill-command.js';
import { registerDemoCommand } from './demo-command.js';
import { loadConfigOrExit } from './load-config-or-exit.js';

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
  .option('-p, --port <port>', 'listen port (overrides PORT)', positiveInt)
  .action(async (options: { port?: number }) => {
    const config = loadConfigOrExit();
    if (options.port !== undefined) config.port = options.port;
    const { startService } = await import('../start-service.js');
    const service = await startService(config);
    const shutdown = async (signal: string) => {
      service.logger.info({ signal }, 'shutting down');
      await service.stop();
      process.exit(0);
    };
    process.once('SIGINT', () => void shutdown('SIGINT'));
    process.once('SIGTERM', () => void shutdown('SIGTERM'));
  });

program
  .command('migrate')
  .description('apply pending database migrations and exit')
  .action(async () => {
    const config = loadConfigOrExit();
    const { openStore } = await import('../../db/open-store.js');
    const store = await openStore(config.databaseUrl, { migrate: true });
    const ready = await store.isReady();
    await store.close();
    console.log(ready ? `database ${config.databaseUrl} is migrated` : 'migrations did not complete');
    process.exit(ready ? 0 : 1);
  });

registerBackfillCommand(program);
registerAlertsCommand(program);
registerDemoCommand(program);

await program.parseAsync(process.argv);
