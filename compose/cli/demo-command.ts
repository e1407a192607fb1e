import { Presets, SingleBar } from 'cli-progress';
import { InvalidArgumentError, type Command } from 'commander';

function positive(label: string, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > max) throw new InvalidArgumentError(`expected ${label} from 1 to ${max}`);
    return n;
  };
}

export interface DemoCommandOptions {
  seed: number;
  days: number;
  ticketsPerDay: number;
  port?: number;
  exit?: boolean;
  keep?: boolean;
}

/** What the command does to the process besides the demo itself; tests pass their own. */
export interface DemoCommandIo {
  print(text: string): void;
  progress(total: number): { update(hour: number, counts: { tickets: number; answers: number }): void; stop(): void };
  /** The code the process ends with once nothing is left running. */
  setExitCode(code: number): void;
  /** Calls `handler` once, on the first SIGINT, SIGTERM or SIGHUP; the returned function stops listening. */
  onStopSignal(handler: (signal: NodeJS.Signals) => void): () => void;
  /** Ends the process now (keep-running mode, once a signal has stopped the service). */
  exit(code: number): void;
}

/** The demo's modules, loaded only when the command runs (other commands never need them). */
export async function loadDemo() {
  const [run, summary, check, plural] = await Promise.all([
    import('../../demo/run-demo.js'),
    import('../../demo/summary.js'),
    import('../../demo/self-check.js'),
    import('../../demo/plural.js'),
  ]);
  return {
    runDemo: run.runDemo,
    summarize: summary.summarize,
    formatSummary: summary.formatSummary,
    selfCheck: check.selfCheck,
    exitCodeFor: check.exitCodeFor,
    plural: plural.plural,
  };
}

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
/** 128 + the signal's number, as a shell reports a process a signal ended. */
const SIGNAL_EXIT_CODES: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };

/**
 * Plays the demo and reports. The exit code follows the self-check (1 when it failed):
 * at once with --exit, or when Ctrl-C/SIGTERM stops the service left running. A signal
 * during the play stops it (exit 128 + signal number). However the demo ends, its
 * temporary files go unless --keep (runDemo removes them on an error or an abort).
 */
export async function runDemoCommand(
  options: DemoCommandOptions,
  io: DemoCommandIo,
  demo: Awaited<ReturnType<typeof loadDemo>>,
): Promise<void> {
  const { plural } = demo;
  io.print(
    `Effortless demo: seed ${options.seed}, ${plural(options.days, 'day')}, ${plural(options.ticketsPerDay, 'ticket')} a day. Midway, one team's handoffs rise.`,
  );
  const interrupt = new AbortController();
  let interruptedBy: NodeJS.Signals | null = null;
  const stopListening = io.onStopSignal((signal) => {
    interruptedBy = signal;
    interrupt.abort(new Error(`demo: stopped by ${signal}`));
  });
  let bar: ReturnType<DemoCommandIo['progress']> | undefined;
  let workDir = '';
  const started = Date.now();
  let run: Awaited<ReturnType<typeof demo.runDemo>>;
  try {
    run = await demo.runDemo({
      seed: options.seed,
      days: options.days,
      ticketsPerDay: options.ticketsPerDay,
      keepFiles: options.keep ?? false,
      signal: interrupt.signal,
      ...(options.port ? { port: options.port } : {}),
      onWorkDir: (dir) => {
        workDir = dir;
      },
      onReady: (ready) => {
        if (!ready.feasibility.feasible) {
          io.print(`\nThis run cannot catch the rise:`);
          for (const line of ready.feasibility.explanation) io.print(`  ${line}`);
          io.print('  It plays anyway, to show the flow; a missed rise will not count as a failure.\n');
        }
        bar = io.progress(ready.hours);
      },
      onProgress: (p) => bar?.update(p.hour, { tickets: p.tickets, answers: p.answers }),
    });
  } catch (error) {
    bar?.stop();
    if (!interruptedBy) {
      if (options.keep && workDir) io.print(`\nThe demo failed; its database and log are kept in ${workDir}.`);
      throw error;
    }
    io.print(
      `\nStopped by ${interruptedBy} before the week was played. ${options.keep && workDir ? `Its database and log are kept in ${workDir}.` : 'Its temporary files were removed.'}`,
    );
    io.setExitCode(SIGNAL_EXIT_CODES[interruptedBy] ?? 1);
    return;
  } finally {
    stopListening();
  }
  bar?.stop();
  io.print(`\nPlayed in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);
  let code: number;
  try {
    const summary = await demo.summarize(run);
    io.print(demo.formatSummary(summary));
    code = demo.exitCodeFor(demo.selfCheck(summary).outcome);
  } catch (error) {
    await run.stop(); // the run's files go with it, as on any other end
    throw error;
  }

  if (options.exit) {
    await run.stop();
    io.print(
      `\nThe service has stopped (--exit). ${run.keepFiles ? `Its database and log are kept in ${run.workDir}.` : 'Its temporary database and log were removed (--keep keeps them).'}`,
    );
    io.setExitCode(code);
    return;
  }
  io.print(`\nService: ${run.service.url}`);
  io.print(`Dashboard: ${run.service.url}/ (sign in with the token below)`);
  io.print(`Token for the dashboard and the API: ${run.dashboardToken}`);
  io.print(
    `API: curl -H 'Authorization: Bearer ${run.dashboardToken}' ${run.service.url}/api/tickets/${run.week.cases[0]?.ticket.id ?? 10001}/effort`,
  );
  io.print(
    `Its database and log: ${run.workDir} (${run.keepFiles ? 'kept when it stops' : 'removed when it stops; --keep keeps them'}).`,
  );
  io.print(
    `The service keeps running; Ctrl-C stops it${code ? ` and exits with code ${code}, as the self-check failed` : ''}.`,
  );
  io.onStopSignal(() => {
    run.stop().then(
      () => io.exit(code),
      () => io.exit(1),
    );
  });
}

function processIo(): DemoCommandIo {
  return {
    print: (text) => console.log(text),
    progress(total) {
      const bar = new SingleBar(
        {
          format: 'simulating [{bar}] {percentage}% | hour {value}/{total} | tickets {tickets} | answers {answers}',
          noTTYOutput: true,
          notTTYSchedule: 5_000,
        },
        Presets.shades_classic,
      );
      bar.start(total, 0, { tickets: 0, answers: 0 });
      return { update: (hour, counts) => bar.update(hour, counts), stop: () => bar.stop() };
    },
    setExitCode: (code) => {
      process.exitCode = code;
    },
    onStopSignal(handler) {
      let called = false;
      const listener = (signal: NodeJS.Signals) => {
        // A second signal means "now": exit without waiting for the stop (as `serve` does).
        if (called) process.exit(SIGNAL_EXIT_CODES[signal] ?? 1);
        called = true;
        handler(signal);
      };
      for (const signal of STOP_SIGNALS) process.on(signal, listener);
      return () => {
        for (const signal of STOP_SIGNALS) process.off(signal, listener);
      };
    },
    exit: (code) => process.exit(code),
  };
}

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description(
      'play a simulated contact-center week through the real endpoints, against local stand-ins for Zendesk, Twilio and Slack',
    )
    .option('--seed <n>', 'random seed: the same seed plays the same week', positive('a seed', 2 ** 31), 42)
    .option('--days <n>', 'days to simulate', positive('days', 60), 7)
    .option('--tickets-per-day <n>', 'tickets solved per day', positive('tickets per day', 5000), 143)
    .option('--port <port>', 'listen port of the service (default: a free one)', positive('a port', 65535))
    .option('--exit', 'stop when the week is played instead of leaving the service running')
    .option(
      '--keep',
      "keep the temporary folder with the service's database and log (its path is printed); by default it is removed when the demo ends",
    )
    .addHelpText(
      'after',
      [
        '',
        'Exit code: 1 when the self-check fails (the rise went unnoticed in a run big',
        'enough to catch it, or another effort alert fired), else 0. Without --exit it',
        'is given when Ctrl-C stops the service. A run too short or too small to catch',
        'the rise says so before it plays, and its miss is not counted as a failure.',
      ].join('\n'),
    )
    .action(async (options: DemoCommandOptions) => runDemoCommand(options, processIo(), await loadDemo()));
}
