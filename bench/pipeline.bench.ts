/**
 * Pipeline throughput: a backlog of solved deliveries drained against loopback stand-ins
 * that answer every call after 200 ms, with the default settings and with one worker.
 *
 *   npm run bench:pipeline                                          # 10,000 tickets, then 100 with WORKERS=1
 *   PIPELINE_BENCH_TICKETS=2000 PIPELINE_BENCH_ONE_WORKER_TICKETS=50 npm run bench:pipeline
 *   PIPELINE_BENCH_DELAY_MS=50 npm run bench:pipeline
 *   PIPELINE_BENCH_STAND_INS=thread npm run bench:pipeline         # stand-ins on the service's thread
 *   PIPELINE_BENCH_WORKERS=64 npm run bench:pipeline                # another WORKERS for the first run
 *
 * The stand-ins run in a child process by default (stand-ins-process.ts): real providers do
 * not take CPU from the service, and on two cores sharing one thread with them would.
 *
 * A ticket counts when its delivery is done, its effort write-back (Zendesk PUT) and its
 * survey SMS (Twilio) are sent. Prints both rates, their ratio, the goal, and where the time
 * goes: upstream calls per ticket and how many of them run one after another, store calls
 * (wall time including the wait for the connection's turn), and the busy share of the one
 * JavaScript thread, which the service and the stand-ins share here.
 */
import os from 'node:os';
import { execSync } from 'node:child_process';
import { profileCalls } from './pipeline-calls.js';
import { drainBacklog, type DrainResult } from './pipeline-drain.js';

const number = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
};
const TICKETS = number('PIPELINE_BENCH_TICKETS', 10_000);
const ONE_WORKER_TICKETS = number('PIPELINE_BENCH_ONE_WORKER_TICKETS', Math.min(100, TICKETS));
const DELAY_MS = number('PIPELINE_BENCH_DELAY_MS', 200);
const STAND_INS = process.env.PIPELINE_BENCH_STAND_INS === 'thread' ? 'thread' : 'process';
/** Unset: the service's default WORKERS; set it to see how the rate moves with the loops. */
const WORKERS = process.env.PIPELINE_BENCH_WORKERS ? number('PIPELINE_BENCH_WORKERS', 32) : undefined;
const GOAL = { ratio: 20, ticketsPerSecond: 50 };
const progress = (line: string) => console.error(line);

const commit = (() => {
  try {
    return (
      execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim() +
      (execSync('git status --porcelain', { encoding: 'utf8' }).trim() ? ' (working tree has changes)' : '')
    );
  } catch {
    return 'unknown';
  }
})();
console.log(
  `machine: ${os.cpus()[0]?.model ?? 'unknown'}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
console.log(
  `date: ${new Date().toISOString()}, commit ${commit}; stand-ins answer after ${DELAY_MS} ms, ${STAND_INS === 'process' ? 'in a child process' : "on the service's thread"}`,
);

progress(`default settings: draining ${TICKETS} tickets...`);
const many = await drainBacklog({
  tickets: TICKETS,
  workers: WORKERS,
  delayMs: DELAY_MS,
  firstId: 1_000_000,
  standIns: STAND_INS,
  progress,
});
const manyLabel = WORKERS === undefined ? 'default settings' : `WORKERS=${WORKERS}`;
progress(`WORKERS=1: draining ${ONE_WORKER_TICKETS} tickets...`);
const one = await drainBacklog({
  tickets: ONE_WORKER_TICKETS,
  workers: 1,
  delayMs: DELAY_MS,
  firstId: 2_000_000,
  standIns: STAND_INS,
  progress,
});

const row = (label: string, r: DrainResult) =>
  `| ${label} | ${r.workers} | ${r.tickets.toLocaleString('en')} | ${r.seconds.toFixed(1)} s | **${r.ticketsPerSecond.toFixed(1)}** | ${r.steadyPerSecond.toFixed(1)} | ${(r.eventLoopUtilization * 100).toFixed(0)} % |`;
console.log('\n| run | workers per queue | tickets | wall time | tickets/s | tickets/s, 10-90 % | event loop busy |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
console.log(row(manyLabel, many));
console.log(row('WORKERS=1', one));
const ratio = many.ticketsPerSecond / one.ticketsPerSecond;
const met = ratio >= GOAL.ratio && many.ticketsPerSecond >= GOAL.ticketsPerSecond;
console.log(
  `\nratio: ${ratio.toFixed(1)}x the single worker's rate; goal >= ${GOAL.ratio}x and >= ${GOAL.ticketsPerSecond} tickets/s: ${met ? 'met' : 'NOT met'}`,
);

for (const [label, result] of [
  [manyLabel, many],
  ['WORKERS=1', one],
] as const) {
  const calls = profileCalls(result.calls, result.ids, DELAY_MS);
  console.log(`\n${label}: upstream calls per ticket`);
  for (const [endpoint, count] of Object.entries(calls.perTicket).sort())
    console.log(`  ${endpoint}: ${count.toFixed(2)}`);
  const { sync, writeBack, sms } = calls.sequentialByStage;
  console.log(
    `  one after another: ${calls.sequentialRounds.toFixed(2)} calls per ticket (sync ${sync.toFixed(2)}, write-back ${writeBack.toFixed(2)}, SMS ${sms.toFixed(2)})`,
  );
  // Each queue's loops are busy for their stage's sequential calls; W loops finish at most W per that time.
  const ceiling = (rounds: number) => result.workers / ((rounds * DELAY_MS) / 1000);
  console.log(
    `  ceiling from the 200 ms calls alone: deliveries ${ceiling(sync).toFixed(1)}/s, outbox ${(result.workers / (((writeBack + sms) * DELAY_MS) / 1000)).toFixed(1)} tickets/s (${result.workers} loops each)`,
  );
  const line = (name: string, t: { calls: number; totalMs: number; maxMs: number }) =>
    `  ${name}: ${t.calls} x, mean ${(t.totalMs / t.calls).toFixed(2)} ms, max ${t.maxMs.toFixed(0)} ms, total ${(t.totalMs / 1000).toFixed(1)} s`;
  const entries = Object.entries(result.timings).sort((a, b) => b[1].totalMs - a[1].totalMs);
  console.log(`${label}: one unit of work, claim to outcome (what a worker loop is busy with)`);
  for (const [name, t] of entries.filter(([name]) => name.startsWith('held '))) console.log(line(name.slice(5), t));
  console.log(`${label}: store calls (wall time, the wait for the connection's turn included)`);
  for (const [name, t] of entries.filter(([name]) => !name.startsWith('held ')).slice(0, 8)) console.log(line(name, t));
}
