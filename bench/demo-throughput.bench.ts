/**
 * The demo's simulator as a load generator: a contact-center week through the real
 * endpoints (signed webhooks in, API calls out to the loopback stand-ins).
 *
 *   npm run bench:demo                                     # seed 42, 7 days, 143 tickets a day
 *   npx tsx bench/demo-throughput.bench.ts --tickets-per-day 600
 *
 * Reports wall time, tickets and HTTP requests per second, calls per outside API, and the
 * process's peak resident memory. The service runs in-process on a file-backed SQLite db.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { runDemo } from '../demo/run-demo.js';
import { summarize } from '../demo/summary.js';

const { values: args } = parseArgs({
  options: {
    seed: { type: 'string', default: '42' },
    days: { type: 'string', default: '7' },
    'tickets-per-day': { type: 'string', default: '143' },
  },
});

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
const started = performance.now();
const run = await runDemo({
  seed: Number(args.seed),
  days: Number(args.days),
  ticketsPerDay: Number(args['tickets-per-day']),
});
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
const summary = await summarize(run);
const calls = {
  zendesk: run.standIns.zendesk.state.calls.length,
  twilio: run.standIns.twilio.state.calls.length,
  slack: run.standIns.slack.state.calls.length,
};
const inbound = summary.tickets + run.responder.answered.length; // webhooks, inbound SMS and presses (at least)
const requests = calls.zendesk + calls.twilio + calls.slack + inbound;

console.log(`machine: ${os.cpus()[0]?.model ?? 'unknown'}, ${os.cpus().length} cores, Node ${process.version}`);
console.log(`demo seed ${args.seed}, ${args.days} days, ${args['tickets-per-day']} tickets/day`);
console.log('| measure | result |\n| --- | --- |');
console.log(`| tickets solved | ${summary.tickets} |`);
console.log(`| wall time | ${seconds.toFixed(1)} s |`);
console.log(`| tickets per second | ${(summary.tickets / seconds).toFixed(1)} |`);
console.log(`| upstream calls (Zendesk / Twilio / Slack) | ${calls.zendesk} / ${calls.twilio} / ${calls.slack} |`);
console.log(`| HTTP requests per second (upstream + inbound, lower bound) | ${(requests / seconds).toFixed(0)} |`);
console.log(`| peak RSS | ${(peakRss / 2 ** 20).toFixed(0)} MiB |`);
console.log(`| effort alerts | ${summary.effortAlerts.map((a) => a.label).join(', ') || 'none'} |`);
await run.stop({ removeFiles: true });
