import type { Command } from 'commander';

/** Prints each table's counts as it finishes; 0 when the copy completed, 1 when it was refused or failed. */
export async function runCopyDb(from: string, to: string, print: (line: string) => void): Promise<number> {
  const { copyDatabase, CopyRefused } = await import('../../db/copy/copy-db.js');
  try {
    const started = Date.now();
    const result = await copyDatabase(from, to, {
      onTable: ({ table, copied, alreadyThere }) =>
        print(
          `${table.padEnd(24)} ${String(copied).padStart(9)} copied ${String(alreadyThere).padStart(9)} already there`,
        ),
    });
    for (const { table, reason } of result.notCopied) print(`${table.padEnd(24)} not copied: ${reason}`);
    const copied = result.tables.reduce((sum, table) => sum + table.copied, 0);
    const there = result.tables.reduce((sum, table) => sum + table.alreadyThere, 0);
    print(
      `copied ${copied} rows in ${result.tables.length} tables (${there} already there) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    return 0;
  } catch (error) {
    if (!(error instanceof CopyRefused)) throw error;
    print(`effortless copy-db: ${error.message}`);
    return 1;
  }
}

/** `effortless copy-db --from URL --to URL`: moves an installation between SQLite and PostgreSQL. */
export function registerCopyDbCommand(program: Command): void {
  program
    .command('copy-db')
    .description(
      'copy an installation between SQLite (file:path) and PostgreSQL (postgres://...), either way: migrates the ' +
        'target, copies every table in batches, leaves rows already there as they are (safe to run again or ' +
        'after an interrupted run); stop the service first so nothing is written after the copy starts',
    )
    .requiredOption('--from <url>', 'the installation to copy: file:data/effortless.db or postgres://user:pass@host/db')
    .requiredOption('--to <url>', 'where to copy it (created and migrated when needed)')
    .action(async (options: { from: string; to: string }) => {
      process.exitCode = await runCopyDb(options.from, options.to, (line) =>
        (line.startsWith('effortless copy-db:') ? console.error : console.log)(line),
      );
    });
}
