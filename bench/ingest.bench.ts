/**
 * Accepting signed Zendesk deliveries, against a no-op express 5 route measured in the same
 * run: interleaved rounds (reference, Effortless, reference, ...), each server in a child
 * process of its own, autocannon with 20 connections from this process. Every request is a
 * new, correctly signed ticket event, so the service verifies, parses, stores and logs each.
 * Effortless runs with its workers off: this is the cost of accepting, not of processing.
 *
 *   npx tsx bench/ingest.bench.ts
 *   INGEST_BENCH_SECONDS=10 INGEST_BENCH_ROUNDS=5 npx tsx bench/ingest.bench.ts
 */
import { benchHeader, median, positiveNumber } from './bench-report.js';
import { type LoadResult, postDeliveries, startServer, type ServerMode } from './ingest-load.js';

const SECONDS = positiveNumber('INGEST_BENCH_SECONDS', 5);
const ROUNDS = positiveNumber('INGEST_BENCH_ROUNDS', 3);
const CONNECTIONS = 20;
const GOAL = { rate: 0.8, p99: 1.5 };

benchHeader(`autocannon, ${CONNECTIONS} connections, ${ROUNDS} interleaved rounds of ${SECONDS} s per server`);
const results: Record<'noop' | 'service', LoadResult[]> = { noop: [], service: [] };
for (let round = 1; round <= ROUNDS; round++) {
  for (const mode of ['noop', 'service'] as const satisfies ServerMode[]) {
    const server = await startServer(mode);
    try {
      await postDeliveries(server.url, { connections: CONNECTIONS, seconds: 1 }); // warm-up
      const result = await postDeliveries(server.url, { connections: CONNECTIONS, seconds: SECONDS });
      if (result.non2xx > 0 || result.errors > 0)
        throw new Error(`${mode}: ${result.non2xx} answers other than 2xx, ${result.errors} errors`);
      results[mode].push(result);
      console.error(
        `  round ${round} ${mode}: ${result.requestsPerSecond.toFixed(0)} req/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms`,
      );
    } finally {
      await server.stop();
    }
  }
}
const rate = (mode: 'noop' | 'service') => median(results[mode].map((r) => r.requestsPerSecond));
const p99 = (mode: 'noop' | 'service') => median(results[mode].map((r) => r.p99Ms));
const rateRatio = rate('service') / rate('noop');
const p99Ratio = p99('service') / p99('noop');
console.log('\n| measure (median of rounds) | Effortless | no-op express 5 route | ratio | goal |');
console.log('| --- | --- | --- | --- | --- |');
console.log(
  `| signed deliveries accepted, req/s | ${rate('service').toFixed(0)} | ${rate('noop').toFixed(0)} | ${rateRatio.toFixed(2)} | >= ${GOAL.rate} ${rateRatio >= GOAL.rate ? 'met' : 'NOT met'} |`,
);
console.log(
  `| p99 latency, ms | ${p99('service')} | ${p99('noop')} | ${p99Ratio.toFixed(2)}x | <= ${GOAL.p99}x ${p99Ratio <= GOAL.p99 ? 'met' : 'NOT met'} |`,
);

// autocannon leaves handles open after its last run; the figures are printed.
process.exit(0);
