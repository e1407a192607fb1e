import { existsSync, rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  loadDemo,
  runDemoCommand,
  type DemoCommandIo,
  type DemoCommandOptions,
} from '../../compose/cli/demo-command.js';

/** A run too small to catch the rise, and quick: one day, 8 tickets. */
const TINY: DemoCommandOptions = { seed: 3, days: 1, ticketsPerDay: 8 };
const workDirs: string[] = [];

afterEach(() => {
  for (const dir of workDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The process as the command sees it, recorded; `onHour` runs at each simulated hour. */
class FakeProcess {
  readonly lines: string[] = [];
  exitCode: number | undefined;
  private readonly stopHandlers = new Set<(signal: NodeJS.Signals) => void>();
  private exited: (code: number) => void = () => {};
  /** The code given to exit() once a signal has stopped the service left running. */
  readonly exitedWith = new Promise<number>((resolve) => (this.exited = resolve));
  readonly io: DemoCommandIo = {
    print: (text) => void this.lines.push(text),
    progress: () => ({ update: (hour) => this.onHour(hour, this), stop: () => {} }),
    setExitCode: (code) => void (this.exitCode = code),
    onStopSignal: (handler) => {
      this.stopHandlers.add(handler);
      return () => void this.stopHandlers.delete(handler);
    },
    exit: (code) => this.exited(code),
  };

  constructor(private readonly onHour: (hour: number, self: FakeProcess) => void = () => {}) {}

  text(): string {
    return this.lines.join('\n');
  }

  signal(signal: NodeJS.Signals): void {
    for (const handler of [...this.stopHandlers]) handler(signal);
  }
}

/**
 * The real demo, remembering each run's work dir; `change` alters what the self-check reads,
 * and `failWhenReady` makes the run fail once the service is up (a stand-in for any error).
 */
async function demoModules(change: { riseCatchable?: boolean } = {}, failWhenReady = false) {
  const demo = await loadDemo();
  return {
    ...demo,
    runDemo: (options: Parameters<typeof demo.runDemo>[0]) =>
      demo.runDemo({
        ...options,
        onWorkDir: (dir) => {
          workDirs.push(dir);
          options.onWorkDir?.(dir);
        },
        onReady: (ready) => {
          if (failWhenReady) throw new Error('demo test: failing on purpose');
          options.onReady?.(ready);
        },
      }),
    summarize: async (run: Parameters<typeof demo.summarize>[0]) => ({ ...(await demo.summarize(run)), ...change }),
  };
}

describe('effortless demo', () => {
  it('warns before it plays that a tiny run cannot catch the rise; with --exit it prints no URL and removes its files', async () => {
    const io = new FakeProcess();
    await runDemoCommand({ ...TINY, exit: true }, io.io, await demoModules());
    const text = io.text();
    expect(io.lines[0]).toBe("Effortless demo: seed 3, 1 day, 8 tickets a day. Midway, one team's handoffs rise.");
    expect(text.indexOf('This run cannot catch the rise')).toBeLessThan(text.indexOf('Played in'));
    expect(text).toContain('--days 1 is too short');
    // The miss is expected in a run this small: said, and not counted.
    expect(text).toContain("– The rise in Shipping's handoffs was not caught: this run could not catch it");
    expect(io.exitCode).toBe(0);
    // Nothing about a service that has stopped.
    expect(text).not.toMatch(/http:\/\/|curl|Token/);
    expect(io.lines.at(-1)).toBe(
      '\nThe service has stopped (--exit). Its temporary database and log were removed (--keep keeps them).',
    );
    expect(workDirs).toHaveLength(1);
    expect(existsSync(workDirs[0]!)).toBe(false);
  });

  it('exits 1 when the self-check fails; with --keep it keeps the database and log and says where', async () => {
    const io = new FakeProcess();
    // The same kind of tiny run, read as if it had been big enough: the missed rise is now a failure.
    await runDemoCommand({ ...TINY, exit: true, keep: true }, io.io, await demoModules({ riseCatchable: true }));
    expect(io.text()).toContain(
      "✘ The rise in Shipping's handoffs was NOT caught, though the run was big enough to catch it.",
    );
    expect(io.exitCode).toBe(1);
    const dir = workDirs[0]!;
    expect(existsSync(`${dir}/effortless-demo.db`)).toBe(true);
    expect(existsSync(`${dir}/service.log`)).toBe(true);
    expect(io.lines.at(-1)).toBe(`\nThe service has stopped (--exit). Its database and log are kept in ${dir}.`);
  });

  it('keeps the service running with its URL, and on Ctrl-C stops it, removes its files and exits with the verdict', async () => {
    const io = new FakeProcess();
    await runDemoCommand(TINY, io.io, await demoModules({ riseCatchable: true }));
    const dir = workDirs[0]!;
    const url = /Service: (http:\/\/\S+)/.exec(io.text())?.[1];
    expect(url).toBeDefined();
    expect(io.text()).toContain(`curl -H 'Authorization: Bearer `);
    expect(io.lines.at(-1)).toBe(
      'The service keeps running; Ctrl-C stops it and exits with code 1, as the self-check failed.',
    );
    expect((await fetch(`${url}/healthz`)).ok).toBe(true);
    expect(existsSync(dir)).toBe(true);
    io.signal('SIGINT');
    expect(await io.exitedWith).toBe(1);
    expect(existsSync(dir)).toBe(false);
  });

  it('removes its files when the run fails, or keeps them with --keep and says where', async () => {
    const io = new FakeProcess();
    await expect(runDemoCommand({ ...TINY, exit: true }, io.io, await demoModules({}, true))).rejects.toThrow(
      'failing on purpose',
    );
    expect(existsSync(workDirs[0]!)).toBe(false);
    const kept = new FakeProcess();
    await expect(
      runDemoCommand({ ...TINY, exit: true, keep: true }, kept.io, await demoModules({}, true)),
    ).rejects.toThrow('failing on purpose');
    expect(existsSync(`${workDirs[1]}/service.log`)).toBe(true);
    expect(kept.lines.at(-1)).toBe(`\nThe demo failed; its database and log are kept in ${workDirs[1]}.`);
  });

  it('stops mid-play on SIGTERM, removes its files and exits 143', async () => {
    const io = new FakeProcess((hour, self) => hour === 3 && self.signal('SIGTERM'));
    await runDemoCommand(TINY, io.io, await demoModules());
    expect(io.text()).toContain('Stopped by SIGTERM before the week was played. Its temporary files were removed.');
    expect(io.text()).not.toContain('Played in');
    expect(io.exitCode).toBe(143);
    expect(workDirs).toHaveLength(1);
    expect(existsSync(workDirs[0]!)).toBe(false);
  });
});
