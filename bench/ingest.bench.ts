/**
 * Accepting signed Zendesk deliveries, against a no-op express 5 route measured in the same
 * run: interleaved rounds (reference, Effortless, reference, ...), each server in a child
 * process of its own, autocannon with 20 connections from this process. Every request is a
 * new, correctly signed ticket event, so the service verifies, parses, stores and logs each.
 * Effortless runs with its workers off: this is the cost of accepting, not of processing.
 * Beside the rates, each server's own CPU time per request (user + system, from the child's
 * process.cpuUsage() around the timed load): on a shared machine the rates move with what
 * else runs, the CPU a request costs much less. INGEST_BENCH_RATE=n offers both servers the
 * same n requests a second instead of as many as they answer: their CPU per request is then
 * compared under the same load (at full speed the service's group commit batches more).
 * Last, the work the no-op route skips (verify, parse, store), timed in a loop in this
 * process (bench/accept-floor.ts), and the best ratio that leaves.
 *
 *   npx tsx bench/ingest.bench.ts
 *   INGEST_BENCH_SECONDS=10 INGEST_BENCH_ROUNDS=5 npx tsx bench/ingest.bench.ts
 *   INGEST_BENCH_RATE=1500 npx tsx bench/ingest.bench.ts
 */
import { measureAcceptFloor } from './accept-floor.js';
import { benchHeader, median, positiveNumber } from './bench-report.js';
import { type LoadResult, postDeliveries, startServer, type ServerMode } from './ingest-load.js';

const SECONDS = positiveNumber('INGEST_BENCH_SECONDS', 5);
const ROUNDS = positiveNumber('INGEST_BENCH_ROUNDS', 3);
const CONNECTIONS = 20;
const RATE = process.env.INGEST_BENCH_RATE ? positiveNumber('INGEST_BENCH_RATE', 0) : undefined;
const GOAL = { rate: 0.8, p99: 1.5 };

benchHeader(
  `autocannon, ${CONNECTIONS} connections, ${ROUNDS} interleaved rounds of ${SECONDS} s per server, ${RATE ? `${RATE} requests a second offered` : 'as fast as answered'}`,
);
const results: Record<'noop' | 'service', LoadResult[]> = { noop: [], service: [] };
const cpuPerRequest: Record<'noop' | 'service', number[]> = { noop: [], service: [] };
for (let round = 1; round <= ROUNDS; round++) {
  for (const mode of ['noop', 'service'] as const satisfies ServerMode[]) {
    const server = await startServer(mode);
    try {
      await postDeliveries(server.url, { connections: CONNECTIONS, seconds: 1 }); // warm-up
      const cpuBefore = await server.cpuMicros();
      const result = await postDeliveries(server.url, {
        connections: CONNECTIONS,
        seconds: SECONDS,
        ...(RATE ? { rate: RATE } : {}),
      });
      const cpu = (await server.cpuMicros()) - cpuBefore;
      if (result.non2xx > 0 || result.errors > 0)
        throw new Error(`${mode}: ${result.non2xx} answers other than 2xx, ${result.errors} errors`);
      results[mode].push(result);
      cpuPerRequest[mode].push(cpu / result.total);
      console.error(
        `  round ${round} ${mode}: ${result.requestsPerSecond.toFixed(0)} req/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, ${(cpu / result.total).toFixed(0)} µs CPU a request`,
      );
    } finally {
      await server.stop();
    }
  }
}
const rate = (mode: 'noop' | 'service') => median(results[mode].map((r) => r.requestsPerSecond));
const p99 = (mode: 'noop' | 'service') => median(results[mode].map((r) => r.p99Ms));
const rateRatio = rate('service') / rate('noop');
const cpu = (mode: 'noop' | 'service') => median(cpuPerRequest[mode]);
// The rate the CPU per request allows, as a share of the reference's: the rate goal in a form the machine's load moves less.
const cpuRatio = cpu('noop') / cpu('service');
const p99Ratio = p99('service') / p99('noop');
console.log('\n| measure (median of rounds) | Effortless | no-op express 5 route | ratio | goal |');
console.log('| --- | --- | --- | --- | --- |');
console.log(
  `| signed deliveries accepted, req/s | ${rate('service').toFixed(0)} | ${rate('noop').toFixed(0)} | ${rateRatio.toFixed(2)} | ${RATE ? 'both offered the same rate: not a measure' : `>= ${GOAL.rate} ${rateRatio >= GOAL.rate ? 'met' : 'NOT met'}`} |`,
);
console.log(
  `| server CPU per request, µs (reference / Effortless) | ${cpu('service').toFixed(0)} | ${cpu('noop').toFixed(0)} | ${cpuRatio.toFixed(2)} | >= ${GOAL.rate} ${cpuRatio >= GOAL.rate ? 'met' : 'NOT met'} |`,
);
console.log(
  `| p99 latency, ms | ${p99('service')} | ${p99('noop')} | ${p99Ratio.toFixed(2)}x | <= ${GOAL.p99}x ${p99Ratio <= GOAL.p99 ? 'met' : 'NOT met'} |`,
);
const floor = await measureAcceptFloor();
const floorMicros = floor.verifyMicros + floor.parseMicros + floor.storeMicros;
const bestRatio = cpu('noop') / (cpu('noop') + floorMicros);
console.log(
  `| work the no-op route skips, µs a request (in a loop: a lower bound) | verify ${floor.verifyMicros.toFixed(0)}, parse ${floor.parseMicros.toFixed(0)}, store ${floor.storeMicros.toFixed(0)}: ${floorMicros.toFixed(0)} | no-op CPU ${cpu('noop').toFixed(0)} | best reachable ${bestRatio.toFixed(2)} | reported |`,
);

// autocannon leaves handles open after its last run; the figures are printed.
process.exit(0);
