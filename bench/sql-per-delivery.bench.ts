/**
 * Where a delivery's SQL time goes: a backlog of solved tickets drained in-process
 * (bench/pipeline-drain.ts; stand-ins answering at once in a child process), with every
 * SQLite statement the service runs counted and timed in native code. Reported per ticket
 * (one solved delivery, its effort write-back and its survey SMS): statements, their time,
 * the commits among them, against the service's whole CPU per ticket in the same run (the
 * share SQL has). The timer adds about a microsecond per statement, so the share is an upper bound.
 *
 *   npx tsx bench/sql-per-delivery.bench.ts          # SQL_BENCH_TICKETS=1000 (default)
 */
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { benchHeader, positiveNumber } from './bench-report.js';
import { drainBacklog } from './pipeline-drain.js';

const TICKETS = positiveNumber('SQL_BENCH_TICKETS', 1000);
benchHeader(`${TICKETS.toLocaleString('en')} solved tickets drained in-process, stand-ins in a child process`);

const statements = new Map<string, { calls: number; micros: number }>();
const timed = <A extends unknown[], R>(label: (self: never) => string, run: (...args: A) => R) =>
  function (this: never, ...args: A): R {
    const started = performance.now();
    try {
      return run.apply(this, args);
    } finally {
      const key = label(this);
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
database.exec = timed((_self) => 'exec', database.exec);
const execSources = new Map<string, number>();
const plainExec = database.exec;
database.exec = function (this: never, source: string) {
  execSources.set(source, (execSources.get(source) ?? 0) + 1);
  return plainExec.call(this, source);
};

const cpuBefore = process.cpuUsage();
const result = await drainBacklog({ tickets: TICKETS, delayMs: 0, firstId: 9_000_000, standIns: 'process' });
const cpu = process.cpuUsage(cpuBefore);
const perTicket = (n: number) => n / TICKETS;
const all = [...statements].map(([source, e]) => ({ source, ...e }));
const sum = (rows: typeof all, pick: (row: (typeof all)[number]) => number) => rows.reduce((s, r) => s + pick(r), 0);
const isCommit = (row: (typeof all)[number]) => /^(COMMIT|RELEASE)/i.test(row.source) || row.source === 'exec';
const serviceCpuMicros = perTicket(cpu.user + cpu.system);
const sqlMicros = perTicket(sum(all, (r) => r.micros));

console.log(
  `  drained at ${result.ticketsPerSecond.toFixed(0)} tickets/s; BEGIN/COMMIT through exec: ${[...execSources].map(([s, n]) => `${s} ${perTicket(n).toFixed(2)}`).join(', ')}`,
);
console.log('\n| per ticket | SQL | the service’s whole CPU (same run) | share |');
console.log('| --- | --- | --- | --- |');
console.log(`| statements | ${perTicket(sum(all, (r) => r.calls)).toFixed(1)} | | |`);
console.log(
  `| native time, µs | ${sqlMicros.toFixed(0)} | ${serviceCpuMicros.toFixed(0)} | ${(sqlMicros / serviceCpuMicros).toFixed(2)} |`,
);
console.log(
  `| of which BEGIN/COMMIT through exec, µs | ${perTicket(sum(all.filter(isCommit), (r) => r.micros)).toFixed(0)} | | |`,
);
console.log('\n| statements a ticket | µs a ticket | statement |');
console.log('| --- | --- | --- |');
for (const row of all.sort((a, b) => b.micros - a.micros).slice(0, 20))
  console.log(
    `| ${perTicket(row.calls).toFixed(2)} | ${perTicket(row.micros).toFixed(0)} | \`${row.source.slice(0, 110)}\` |`,
  );
process.exit(0);
