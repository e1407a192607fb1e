/**
 * Where a delivery's SQL time goes: a backlog of solved tickets drained in-process
 * (bench/pipeline-drain.ts; stand-ins answering at once in a child process), with every
 * SQLite statement the service runs counted and timed in native code. Reported per ticket
 * (one solved delivery, its effort write-back and its survey SMS): statements, their time,
 * the commits among them, against the service's whole CPU per ticket in the same run (the
 * share SQL has). The timer adds about a microsecond per statement, so the share is an upper bound.
 *
 *   npx tsx bench/sql-per-delivery.bench.ts          # SQL_BENCH_TICKETS=1000 (default), SQL_BENCH_ROWS=20 statements listed
 */
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { benchHeader, positiveNumber } from './bench-report.js';
import { drainBacklog } from './pipeline-drain.js';

const TICKETS = positiveNumber('SQL_BENCH_TICKETS', 1000);
benchHeader(`${TICKETS.toLocaleString('en')} solved tickets drained in-process, stand-ins in a child process`);

const statements = new Map<string, { calls: number; micros: number }>();
const timed = <A extends unknown[], R>(label: (self: never, ...args: A) => string, run: (...args: A) => R) =>
  function (this: never, ...args: A): R {
    const started = performance.now();
    try {
      return run.apply(this, args);
    } finally {
      const key = label(this, ...args);
      const entry = statements.get(key) ?? { calls: 0, micros: 0 };
      entry.calls += 1;
      entry.micros += (performance.now() - started) * 1000;
      statements.set(key, entry);
    }
  };
// Every statement goes through these: the Statement class is shared by all connections.
const statement = Object.getPrototypeOf(new Database(':memory:').prepare('select 1'));
for (const method of ['run', 'get', 'all', 'iterate'] as const)
  statement[method] = timed((self: { source: string }) => self.source.replace(/\s+/g, ' ').trim(), statement[method]);
const database = Database.prototype as unknown as { exec: (source: string) => unknown };
database.exec = timed((_self: never, source: string) => `exec ${source}`, database.exec);

const cpuBefore = process.cpuUsage();
const result = await drainBacklog({ tickets: TICKETS, delayMs: 0, firstId: 9_000_000, standIns: 'process' });
const cpu = process.cpuUsage(cpuBefore);
const perTicket = (n: number) => n / TICKETS;
const all = [...statements].map(([source, e]) => ({ source, ...e }));
const sum = (rows: typeof all, pick: (row: (typeof all)[number]) => number) => rows.reduce((s, r) => s + pick(r), 0);
/** BEGIN and COMMIT, through `exec` (the unit of work) or as statements (drizzle's transactions, savepoints). */
const isTransactionControl = (row: (typeof all)[number]) =>
  /^(exec )?(BEGIN|COMMIT|SAVEPOINT|RELEASE)/i.test(row.source);
const serviceCpuMicros = perTicket(cpu.user + cpu.system);
const sqlMicros = perTicket(sum(all, (r) => r.micros));

console.log(
  `  drained at ${result.ticketsPerSecond.toFixed(0)} tickets/s; transaction control per ticket: ${all
    .filter(isTransactionControl)
    .map((row) => `${row.source} ${perTicket(row.calls).toFixed(2)}`)
    .join(', ')}`,
);
console.log('\n| per ticket | SQL | the service’s whole CPU (same run) | share |');
console.log('| --- | --- | --- | --- |');
console.log(`| statements | ${perTicket(sum(all, (r) => r.calls)).toFixed(1)} | | |`);
console.log(
  `| native time, µs | ${sqlMicros.toFixed(0)} | ${serviceCpuMicros.toFixed(0)} | ${(sqlMicros / serviceCpuMicros).toFixed(2)} |`,
);
console.log(
  `| of which BEGIN, COMMIT and savepoints, µs | ${perTicket(sum(all.filter(isTransactionControl), (r) => r.micros)).toFixed(0)} | | |`,
);
console.log('\n| statements a ticket | µs a ticket | statement |');
console.log('| --- | --- | --- |');
for (const row of all.sort((a, b) => b.micros - a.micros).slice(0, Number(process.env.SQL_BENCH_ROWS ?? 20)))
  console.log(
    `| ${perTicket(row.calls).toFixed(2)} | ${perTicket(row.micros).toFixed(0)} | \`${row.source.slice(0, 110)}\` |`,
  );
process.exit(0);
