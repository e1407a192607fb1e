/**
 * The SQLite unit of work's cost per repository call: about a hundred calls serve each
 * delivery, each taking the connection's turn (db/turn.ts). A call through `takingTurns`
 * against the same async function called directly, one after another and 100 at once, with
 * a transaction run first so AsyncLocalStorage's promise hooks are on, as in the service.
 *
 *   npx tsx bench/unit-of-work.bench.ts
 */
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { SqliteUnitOfWork, takingTurns } from '../db/unit-of-work.js';
import { benchHeader, median, positiveNumber } from './bench-report.js';

const CALLS = positiveNumber('UNIT_OF_WORK_BENCH_CALLS', 200_000);
const ROUNDS = 5;
benchHeader(`${CALLS.toLocaleString('en')} calls per round, ${ROUNDS} rounds, in-memory SQLite`);

const sqlite = new Database(':memory:');
const unit = new SqliteUnitOfWork(sqlite);
const direct = {
  async lookUp(n: number) {
    return n + 1;
  },
};
const turned = takingTurns(direct, unit);
await unit.atomically(async () => turned.lookUp(0));

/** Microseconds per call: sequential (each awaited) and 100 at once (each batch awaited). */
async function perCall(repository: typeof direct): Promise<{ sequential: number; concurrent: number }> {
  let started = performance.now();
  for (let i = 0; i < CALLS; i++) await repository.lookUp(i);
  const sequential = ((performance.now() - started) * 1000) / CALLS;
  started = performance.now();
  for (let i = 0; i < CALLS / 100; i++) await Promise.all(Array.from({ length: 100 }, (_, j) => repository.lookUp(j)));
  return { sequential, concurrent: ((performance.now() - started) * 1000) / CALLS };
}

const rows: Array<{
  turn: { sequential: number; concurrent: number };
  bare: { sequential: number; concurrent: number };
}> = [];
for (let round = 0; round < ROUNDS; round++) rows.push({ turn: await perCall(turned), bare: await perCall(direct) });
const med = (pick: (row: (typeof rows)[number]) => number) => median(rows.map(pick));
const line = (what: string, turn: number, bare: number) =>
  `| ${what} | ${turn.toFixed(2)} | ${bare.toFixed(2)} | +${(turn - bare).toFixed(2)} µs | ${(turn / bare).toFixed(1)}x |`;
console.log('\n| µs per call (median of rounds) | through the turn | the same call, direct | the turn adds | ratio |');
console.log('| --- | --- | --- | --- | --- |');
console.log(
  line(
    'one after another',
    med((r) => r.turn.sequential),
    med((r) => r.bare.sequential),
  ),
);
console.log(
  line(
    '100 at once',
    med((r) => r.turn.concurrent),
    med((r) => r.bare.concurrent),
  ),
);
