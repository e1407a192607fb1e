import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../demo/free-port.js';

/**
 * The CLI as an operator runs it: a real process, its exit code and what it prints. It runs
 * from the TypeScript sources through tsx's loader, in an empty folder (no .env, no config).
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const workDir = mkdtempSync(join(tmpdir(), 'effortless-serve-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

interface Run {
  child: ChildProcess;
  stdout: string;
  stderr: string;
  exited: Promise<number | null>;
}

function runCli(args: string[], env: Record<string, string> = {}): Run {
  const child = spawn(
    process.execPath,
    ['--import', `${root}node_modules/tsx/dist/loader.mjs`, `${root}compose/cli/main.ts`, ...args],
    {
      cwd: workDir,
      env: {
        PATH: process.env.PATH ?? '',
        DATABASE_URL: `file:${join(workDir, 'effortless.db')}`,
        LOG_LEVEL: 'info',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const run: Run = {
    child,
    stdout: '',
    stderr: '',
    exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
  };
  child.stdout?.on('data', (chunk: Buffer) => (run.stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (run.stderr += chunk.toString()));
  return run;
}

async function until(condition: () => boolean, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('effortless serve, as a process', () => {
  it('--port moves the default PUBLIC_URL; a second start on that port ends at once with one line; SIGTERM stops the first', async () => {
    const port = await freePort();
    const first = runCli(['serve', '--port', String(port)]);
    await until(() => first.stdout.includes('effortless is listening'), 'the first service to listen');
    expect(first.stdout).toContain(`"publicUrl":"http://localhost:${port}"`);

    const second = runCli(['serve'], { PORT: String(port), DATABASE_URL: `file:${join(workDir, 'second.db')}` });
    expect(await second.exited).toBe(1);
    expect(second.stderr.trim().split('\n')).toEqual([
      `effortless: cannot start: PORT=${port}: the port is in use by another process; stop the other process, or set PORT (or serve --port) to a free port.`,
    ]);
    expect(second.stdout).not.toContain('effortless is listening');

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.stdout).toContain('"signal":"SIGTERM"');
  });

  it('an unusable DATABASE_URL ends the start at once with one line that names it', async () => {
    const run = runCli(['serve', '--port', '0'], { DATABASE_URL: 'file:/proc/effortless/x.db' });
    expect(await run.exited).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^effortless: cannot start: DATABASE_URL=file:\/proc\/effortless\/x\.db: cannot open the SQLite database/,
    );
  });
});
