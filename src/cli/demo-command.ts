import { Presets, SingleBar } from 'cli-progress';
import { InvalidArgumentError, type Command } from 'commander';

function positive(label: string, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > max) throw new InvalidArgumentError(`expected ${label} from 1 to ${max}`);
    return n;
  };
}

interface DemoCommandOptions {
  seed: number;
  days: number;
  ticketsPerDay: number;
  port?: number;
  exit?: boolean;
}

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('play a simulated contact-center week through the real endpoints, against local stand-ins for Zendesk, Twilio and Slack')
    .option('--seed <n>', 'random seed: the same seed plays the same week', positive('a seed', 2 ** 31), 42)
    .option('--days <n>', 'days to simulate', positive('days', 60), 7)
    .option('--tickets-per-day <n>', 'tickets solved per day', positive('tickets per day', 5000), 143)
    .option('--port <port>', 'listen port of the service (default: a free one)', positive('a port', 65535))
    .option('--exit', 'stop when the week is played instead of leaving the service running')
    .action(async (options: DemoCommandOptions) => {
      const [{ runDemo, TAIL_HOURS }, { summarize, formatSummary }] = await Promise.all([import('../../demo/run-demo.js'), import('../../demo/summary.js')]);
      console.log(`Effortless demo: seed ${options.seed}, ${options.days} days, ${options.ticketsPerDay} tickets a day. Midway, one team's handoffs rise.`);
      const bar = new SingleBar({ format: 'simulating [{bar}] {percentage}% | hour {value}/{total} | tickets {tickets} | answers {answers}', noTTYOutput: true, notTTYSchedule: 5_000 }, Presets.shades_classic);
      const started = Date.now();
      bar.start(options.days * 24 + TAIL_HOURS, 0, { tickets: 0, answers: 0 });
      const run = await runDemo({
        seed: options.seed,
        days: options.days,
        ticketsPerDay: options.ticketsPerDay,
        ...(options.port ? { port: options.port } : {}),
        onProgress: (p) => bar.update(p.hour, { tickets: p.tickets, answers: p.answers }),
      });
      bar.stop();
      console.log(`\nPlayed in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);
      console.log(formatSummary(await summarize(run)));
      console.log(`\nService: ${run.service.url} (its log and database: ${run.workDir})`);
      // The dashboard (GET /) is not built yet; the API behind it is, with the same token.
      console.log(`Token for the API (and the dashboard, once it exists): ${run.dashboardToken}`);
      console.log(`API: curl -H 'Authorization: Bearer ${run.dashboardToken}' ${run.service.url}/api/tickets/${run.week.cases[0]?.ticket.id ?? 10001}/effort`);
      if (options.exit) {
        await run.stop();
        return;
      }
      console.log('The service keeps running; Ctrl-C stops it.');
      process.once('SIGINT', () => void run.stop().then(() => process.exit(0)));
      process.once('SIGTERM', () => void run.stop().then(() => process.exit(0)));
    });
}
