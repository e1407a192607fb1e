/**
 * Memory after 100,000 signed Zendesk deliveries: the service (workers off: what accepting
 * and storing keeps) against the no-op express 5 app after as many requests, both in child
 * processes, RSS after a full garbage collection, in the same run. Goal: at most 1.5x.
 * Both servers run as plain JavaScript, as operators run the service (`node dist/...`);
 * MEMORY_BENCH_RUNTIME=tsx runs them through tsx instead (its transforms of the service's
 * modules stay in memory, about 60 MiB here against 26 MiB for the no-op app).
 * The service runs as operators run it: with the node flags of `npm start` (package.json) and
 * with Zendesk's API, Twilio and Slack configured (pointing at a closed loopback port: with
 * the workers off nothing calls them), so their SDKs are loaded as in production.
 * MEMORY_BENCH_INTEGRATIONS=off leaves them unset, as the bench did before 2026-12-01.
 *
 *   npx tsx bench/memory.bench.ts
 *   MEMORY_BENCH_DELIVERIES=20000 npx tsx bench/memory.bench.ts
 */
import { CLOSED_PORT_INTEGRATIONS } from '../test/support/closed-port-integrations.js';
import { benchHeader, positiveNumber } from './bench-report.js';
import { postDeliveries, type ServerRuntime, startScriptNodeFlags, startServer } from './ingest-load.js';

const DELIVERIES = positiveNumber('MEMORY_BENCH_DELIVERIES', 100_000);
const GOAL = 1.5;
const MiB = 2 ** 20;
const mib = (bytes: number) => (bytes / MiB).toFixed(0);
const RUNTIME: ServerRuntime = process.env.MEMORY_BENCH_RUNTIME === 'tsx' ? 'tsx' : 'node';
const INTEGRATIONS = process.env.MEMORY_BENCH_INTEGRATIONS !== 'off';

benchHeader(
  `${DELIVERIES.toLocaleString('en')} requests per server, autocannon, 20 connections, servers run by ${RUNTIME}; ` +
    `service flags: ${startScriptNodeFlags().join(' ') || 'none'}; integrations ${INTEGRATIONS ? 'configured' : 'off'}` +
    `${process.env.SQLITE_CACHE_MIB ? `; SQLITE_CACHE_MIB=${process.env.SQLITE_CACHE_MIB}` : ''}`,
);
const rss: Record<string, { before: number; after: number }> = {};
for (const mode of ['noop', 'service'] as const) {
  const env: Record<string, string> =
    mode === 'service' && INTEGRATIONS ? { BENCH_SERVICE_ENV: JSON.stringify(CLOSED_PORT_INTEGRATIONS) } : {};
  const server = await startServer(mode, env, RUNTIME);
  try {
    const start = await server.memory();
    const before = start.rss;
    const load = await postDeliveries(server.url, { connections: 20, amount: DELIVERIES });
    if (load.non2xx > 0 || load.errors > 0) throw new Error(`${mode}: ${load.non2xx} non-2xx, ${load.errors} errors`);
    const after = await server.memory();
    rss[mode] = { before, after: after.rss };
    // Where the resident memory is: V8's heap (reserved, and live after the collection), the rest native
    // (SQLite's page cache, up to 16 MiB with better-sqlite3's build, modules' code, buffers).
    const where = (usage: NodeJS.MemoryUsage) =>
      `${mib(usage.rss)} MiB (V8 heap ${mib(usage.heapTotal)}, ${mib(usage.heapUsed)} live; outside it ${mib(usage.rss - usage.heapTotal)})`;
    console.error(`  ${mode}: at start ${where(start)}, after ${where(after)}`);
  } finally {
    await server.stop();
  }
}
const [service, noop] = [rss.service?.after ?? 0, rss.noop?.after ?? 1];
console.log('\n| measure | Effortless | no-op express 5 app | ratio | goal |');
console.log('| --- | --- | --- | --- | --- |');
console.log(
  `| RSS after ${DELIVERIES.toLocaleString('en')} deliveries (at start) | ${(service / MiB).toFixed(0)} MiB (${((rss.service?.before ?? 0) / MiB).toFixed(0)}) | ${(noop / MiB).toFixed(0)} MiB (${((rss.noop?.before ?? 0) / MiB).toFixed(0)}) | ${(service / noop).toFixed(2)}x | <= ${GOAL}x ${service / noop <= GOAL ? 'met' : 'NOT met'} |`,
);

// autocannon leaves handles open after its last run; the figures are printed.
process.exit(0);
