import type { Command } from 'commander';
import { loadConfigOrExit } from './load-config-or-exit.js';

/** `effortless retry [--id N | --all]`: replays dead letters; without an option, lists them. */
export function registerRetryCommand(program: Command): void {
  program
    .command('retry')
    .description(
      'replay dead letters (work that exhausted its retries) with a fresh retry budget; without options, list them',
    )
    .option('--id <id>', 'one dead letter: inbox:N, outbox:N, or N when only one queue has it')
    .option('--all', 'every dead letter')
    .action(async (options: { id?: string; all?: boolean }) => {
      const config = loadConfigOrExit();
      const [{ openConfiguredStore }, { listDeadLetters, replayDeadLetters, resolveDeadLetterRef }] = await Promise.all(
        [import('../open-configured-store.js'), import('../../src/app/dead-letters.js')],
      );
      const store = await openConfiguredStore(config);
      try {
        if (!options.id && !options.all) {
          const letters = await listDeadLetters(store);
          if (letters.length === 0) console.log('no dead letters');
          for (const letter of letters) {
            const ticket = letter.ticketId === null ? '' : ` ticket ${letter.ticketId}`;
            console.log(
              `${letter.ref.padEnd(12)} ${letter.kind}${ticket} · ${letter.failures} failed tries · ${letter.reason ?? ''}`,
            );
          }
          return;
        }
        const which = options.all ? 'all' : await resolveDeadLetterRef(store, options.id ?? '');
        const replayed = await replayDeadLetters(store, which, new Date());
        console.log(
          `${replayed} dead letter${replayed === 1 ? '' : 's'} queued again; a running service picks ${replayed === 1 ? 'it' : 'them'} up within seconds`,
        );
        if (replayed === 0) process.exitCode = 1;
      } catch (error) {
        console.error(`effortless retry: ${(error as Error).message}`);
        process.exitCode = 1;
      } finally {
        await store.close();
      }
    });
}
