/**
 * Processing, against loopback stand-ins that answer at once (in a child process of their
 * own, as real providers take no CPU from the service); the service runs in another child
 * (ingest-server-child.ts) with its default WORKERS, and autocannon posts from this one.
 *
 * 1. Backlog: n solved deliveries stored before the workers start; the rate at which the
 *    deliveries between 10 % and 90 % of the first 1,000 are processed, with a backlog of
 *    1,000 and of 100,000 (goal: >= 500/s, and the second within 20 % of the first).
 * 2. Sustained: signed deliveries posted at 200/s for PROCESSING_BENCH_SUSTAINED_SECONDS
 *    (default 30; the goal's full window is 300) while the workers run: do they keep pace?
 * 3. Survey latency at low load, delay 0: one solved ticket at a time, from the webhook post
 *    to the survey SMS reaching the Twilio stand-in, against the floor: the same upstream
 *    calls (the Zendesk reads the service made before that SMS, then the SMS) made directly
 *    from here, one after another (goal: p99 < floor p99 + 50 ms).
 *
 *   npx tsx bench/processing.bench.ts
 *   PROCESSING_BENCH_SUSTAINED_SECONDS=300 npx tsx bench/processing.bench.ts
 */
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { CREDENTIALS, phoneOf, SOLVED_MINUTES_AGO, standInEnv } from '../test/pipeline/solved-world.js';
import { benchHeader, positiveNumber, quantile } from './bench-report.js';
import { nextPostedTicket, postDeliveries, signedDelivery, startServer } from './ingest-load.js';
import { type RemoteWorld, startRemoteWorld } from './stand-ins-process.js';

const MEASURED = 1_000;
const BACKLOGS = (process.env.PROCESSING_BENCH_BACKLOGS ?? '1000,100000').split(',').map(Number);
const SUSTAINED_SECONDS = positiveNumber('PROCESSING_BENCH_SUSTAINED_SECONDS', 30);
const SUSTAINED_RATE = 200;
const SURVEYS = positiveNumber('PROCESSING_BENCH_SURVEYS', 100);
// PROCESSING_BENCH_PHASES=backlog,sustained,survey (the default: all three) runs a subset while iterating.
const PHASES = new Set((process.env.PROCESSING_BENCH_PHASES ?? 'backlog,sustained,survey').split(','));
/** The stand-ins' tickets' updated_at (their solve), which the webhooks carry as Zendesk's do. */
const solvedAt = (worldNow: number) => new Date(Math.floor((worldNow - SOLVED_MINUTES_AGO * 60_000) / 1000) * 1000);
const range = (first: number, count: number) => Array.from({ length: count }, (_, i) => first + i);

benchHeader('stand-ins answer at once, in a child process; the service in another, default WORKERS');

/** Polls the service until `done(progress)`, returning when each threshold of processed deliveries was passed. */
async function watch(
  server: Awaited<ReturnType<typeof startServer>>,
  thresholds: number[],
  timeoutMs: number,
  world?: RemoteWorld,
) {
  const passedAt = new Map<number, number>();
  const sentAt = new Map<number, number>();
  /** CPU microseconds of the service and of the stand-ins when each threshold was passed (with `world`). */
  const cpuAt = new Map<number, { service: number; standIns: number }>();
  const started = performance.now();
  while (passedAt.size < thresholds.length) {
    if (performance.now() - started > timeoutMs) throw new Error(`not processed within ${timeoutMs} ms`);
    const { processed, sent } = await server.progress();
    for (const t of thresholds)
      if (processed >= t && !passedAt.has(t)) {
        passedAt.set(t, performance.now());
        sentAt.set(t, sent);
        if (world) cpuAt.set(t, { service: await server.cpuMicros(), standIns: await world.cpuMicros() });
      }
    await sleep(20);
  }
  return Object.assign(passedAt, { sentAt, cpuAt });
}

// 1. Backlog
const backlogRates: Array<{
  backlog: number;
  perSecond: number;
  sendsPerSecond: number;
  /** CPU milliseconds per delivery processed: the service's process, and the stand-ins' (the providers' share). */
  serviceCpuMs: number;
  standInsCpuMs: number;
}> = [];
for (const backlog of PHASES.has('backlog') ? BACKLOGS : []) {
  const world = await startRemoteWorld(range(1, MEASURED + 500), 0);
  const server = await startServer('service+workers', {
    BENCH_SERVICE_ENV: JSON.stringify(standInEnv(world)),
    BENCH_BACKLOG: String(backlog),
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'error',
  });
  try {
    const [from, to] = [MEASURED * 0.1, MEASURED * 0.9];
    const at = await watch(server, [from, to], 300_000, world);
    const seconds = ((at.get(to) ?? 0) - (at.get(from) ?? 0)) / 1000;
    const perSecond = (to - from) / seconds;
    // Each delivery queues two messages (write-back, survey SMS): an outbox keeping up sends twice as fast.
    const sendsPerSecond = ((at.sentAt.get(to) ?? 0) - (at.sentAt.get(from) ?? 0)) / seconds;
    const cpu = (which: 'service' | 'standIns') =>
      ((at.cpuAt.get(to)?.[which] ?? 0) - (at.cpuAt.get(from)?.[which] ?? 0)) / 1000 / (to - from);
    backlogRates.push({
      backlog,
      perSecond,
      sendsPerSecond,
      serviceCpuMs: cpu('service'),
      standInsCpuMs: cpu('standIns'),
    });
    console.error(`  backlog ${backlog}: ${perSecond.toFixed(0)} deliveries/s`);
  } finally {
    await server.stop();
    await world.stop();
  }
}

// 2. Sustained ingest at 200/s
async function sustainedPhase(): Promise<string> {
  const posted = SUSTAINED_RATE * SUSTAINED_SECONDS;
  const worldNow = Date.now();
  const sustainedWorld = await startRemoteWorld(range(nextPostedTicket(), posted + 1_000), 0, worldNow);
  const sustained = await startServer('service+workers', {
    BENCH_SERVICE_ENV: JSON.stringify(standInEnv(sustainedWorld)),
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'error',
  });
  try {
    const load = await postDeliveries(sustained.url, {
      connections: 20,
      seconds: SUSTAINED_SECONDS,
      rate: SUSTAINED_RATE,
      updatedAt: solvedAt(worldNow),
    });
    const atEnd = await sustained.progress();
    const drainStarted = performance.now();
    // Up to a minute for the rest; what is not processed by then counts against the goal.
    await watch(sustained, [load.total - load.non2xx], 60_000).catch(() => undefined);
    const drainSeconds = (performance.now() - drainStarted) / 1000;
    const afterDrain = await sustained.progress();
    const share = atEnd.processed / load.total;
    return `| sustained ingest, ${SUSTAINED_SECONDS} s at ${SUSTAINED_RATE}/s (${load.total} posted, ${load.non2xx} refused) | processed by the window's end: ${atEnd.processed} (${(share * 100).toFixed(1)} %), ${afterDrain.processed} (${afterDrain.failed} failed tries) ${drainSeconds.toFixed(1)} s later; accept p99 ${load.p99Ms} ms | posted: ${load.total} | ${share.toFixed(3)} | keeps pace (>= 0.95 by the end, rest drained within 5 s): ${share >= 0.95 && drainSeconds <= 5 ? 'met' : 'NOT met'} |`;
  } finally {
    await sustained.stop();
    await sustainedWorld.stop();
  }
}
const sustainedLine = PHASES.has('sustained') ? await sustainedPhase() : null;

// 3. Survey latency, one at a time
async function surveyPhase() {
  const firstSurveyTicket = nextPostedTicket();
  const worldNow = Date.now();
  const surveyWorld = await startRemoteWorld(range(firstSurveyTicket, SURVEYS + 10), 0, worldNow);
  const surveyServer = await startServer('service+workers', {
    BENCH_SERVICE_ENV: JSON.stringify(standInEnv(surveyWorld)),
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'error',
  });
  const postedAt: number[] = [];
  let kept: Awaited<ReturnType<typeof surveyServer.storage>> | null = null;
  try {
    for (let i = 0; i < SURVEYS; i++) {
      const before = (await surveyServer.progress()).sent;
      const { body, headers } = signedDelivery(solvedAt(worldNow));
      postedAt.push(Date.now());
      const answer = await fetch(`${surveyServer.url}/webhooks/zendesk`, { method: 'POST', body, headers });
      if (answer.status !== 200) throw new Error(`webhook answered ${answer.status}`);
      // The effort write-back and the survey SMS: both sent before the next ticket.
      while ((await surveyServer.progress()).sent < before + 2) await sleep(2);
    }
    kept = await surveyServer.storage().catch(() => null); // null on code without retention
  } finally {
    await surveyServer.stop();
  }
  const calls = await surveyWorld.calls();
  const zendeskAuth = `Basic ${Buffer.from(`${CREDENTIALS.zendesk.email}/token:${CREDENTIALS.zendesk.apiToken}`).toString('base64')}`;
  const twilioAuth = `Basic ${Buffer.from(`${CREDENTIALS.twilio.accountSid}:${CREDENTIALS.twilio.authToken}`).toString('base64')}`;
  const latencies: number[] = [];
  const floors: number[] = [];
  for (let i = 0; i < SURVEYS; i++) {
    const ticketId = firstSurveyTicket + i;
    const start = postedAt[i] ?? 0;
    // By its recipient: the stand-in logs a call once its answer is written, which may be after
    // the service counted the send and this loop posted the next ticket.
    const sms = calls.twilio.find(
      (c) => c.method === 'POST' && (c.body as { To?: string } | null)?.To === phoneOf(ticketId),
    );
    if (!sms) throw new Error(`no survey SMS for ticket ${ticketId}`);
    latencies.push(sms.at.getTime() - start);
    if (process.env.BENCH_DEBUG) console.error(`  ticket ${ticketId}: ${sms.at.getTime() - start} ms`);
    const reads = calls.zendesk.filter((c) => c.method === 'GET' && c.at.getTime() >= start && c.at <= sms.at);
    const began = performance.now();
    for (const read of reads) {
      const query = new URLSearchParams(read.query).toString();
      await (
        await fetch(`${surveyWorld.zendeskUrl}${read.path}${query ? `?${query}` : ''}`, {
          headers: { authorization: zendeskAuth },
        })
      ).arrayBuffer();
    }
    await (
      await fetch(`${surveyWorld.twilioUrl}${sms.path}`, {
        method: 'POST',
        headers: { authorization: twilioAuth, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(sms.body as Record<string, string>).toString(),
      })
    ).arrayBuffer();
    floors.push(performance.now() - began);
  }
  await surveyWorld.stop();
  return { latencies, floors, kept };
}
const surveys = PHASES.has('survey') ? await surveyPhase() : null;

console.log('\n| measure | Effortless | reference (same run) | ratio | goal |');
console.log('| --- | --- | --- | --- | --- |');
const first = backlogRates[0];
for (const r of backlogRates) {
  const flat = first ? r.perSecond / first.perSecond : 1;
  console.log(
    `| deliveries processed per second, backlog ${r.backlog.toLocaleString('en')} | ${r.perSecond.toFixed(0)} | backlog ${first?.backlog.toLocaleString('en')}: ${first?.perSecond.toFixed(0)} | ${flat.toFixed(2)} | >= 500/s ${r.perSecond >= 500 ? 'met' : 'NOT met'}; within 20 %: ${flat >= 0.8 ? 'met' : 'NOT met'} |`,
  );
}
for (const r of backlogRates)
  console.log(
    `| outbox sends per second while the inbox drains (backlog ${r.backlog.toLocaleString('en')}) | ${r.sendsPerSecond.toFixed(0)} | 2 per delivery processed: ${(2 * r.perSecond).toFixed(0)} | ${(r.sendsPerSecond / (2 * r.perSecond)).toFixed(2)} | not starved (>= 0.8): ${r.sendsPerSecond >= 1.6 * r.perSecond ? 'met' : 'NOT met'} |`,
  );
// What the machine allows: every core for the service and its stand-ins (process CPU: every thread of each).
for (const r of backlogRates)
  console.log(
    `| CPU per delivery processed (backlog ${r.backlog.toLocaleString('en')}) | service ${r.serviceCpuMs.toFixed(2)} ms | stand-ins ${r.standInsCpuMs.toFixed(2)} ms; both on ${cpus().length} cores: at most ${((1000 * cpus().length) / (r.serviceCpuMs + r.standInsCpuMs)).toFixed(0)}/s; the stand-ins' one thread: at most ${(1000 / r.standInsCpuMs).toFixed(0)}/s | service / stand-ins ${(r.serviceCpuMs / r.standInsCpuMs).toFixed(2)} | reported |`,
  );
if (sustainedLine) console.log(sustainedLine);
if (surveys) {
  const { latencies, floors, kept } = surveys;
  const [p50, p99, f50, f99] = [
    quantile(latencies, 0.5),
    quantile(latencies, 0.99),
    quantile(floors, 0.5),
    quantile(floors, 0.99),
  ];
  console.log(
    `| survey SMS after the solve delivery, p50 / p99 (nearest rank) / max, one at a time (${SURVEYS}) | ${p50.toFixed(0)} / ${p99.toFixed(0)} / ${Math.max(...latencies).toFixed(0)} ms | the same upstream calls made directly: ${f50.toFixed(1)} / ${f99.toFixed(1)} ms | p99 ${(p99 - f99).toFixed(0)} ms above | < 50 ms above: ${p99 - f99 < 50 ? 'met' : 'NOT met'} |`,
  );
  // The first survey after the start pays for code run the first time (JIT, first connections):
  // shown apart, the row above counts it.
  const [w99, wf99] = [quantile(latencies.slice(1), 0.99), quantile(floors.slice(1), 0.99)];
  console.log(
    `| the same without the first ticket after the start (${latencies[0]?.toFixed(0)} ms) | p99 ${w99.toFixed(0)} ms | floor p99 ${wf99.toFixed(1)} ms | p99 ${(w99 - wf99).toFixed(0)} ms above | < 50 ms above: ${w99 - wf99 < 50 ? 'met' : 'NOT met'} |`,
  );
  if (kept) {
    const perCase = kept.bytes / kept.tickets;
    const rawPerDelivery = kept.rawBodyBytes / kept.deliveries;
    console.log(
      `| bytes kept per fully processed case, after retention deleted its queue rows (${kept.tickets} cases) | ${perCase.toFixed(0)} | its raw webhook body: ${rawPerDelivery.toFixed(0)} | ${(perCase / rawPerDelivery).toFixed(1)}x | reported |`,
    );
  }
}

// autocannon leaves handles open after its last run; the figures are printed.
process.exit(0);
