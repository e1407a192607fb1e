import type Database from 'better-sqlite3';
import type { SqliteUnitOfWork } from './unit-of-work.js';

interface Waiting<In, Out> {
  input: In;
  resolve(output: Out): void;
  reject(error: unknown): void;
}

/**
 * Group commit: calls that arrive in the same turn of the event loop (webhooks on many
 * connections at once) are written in one transaction, taking the connection's turn once,
 * and each caller hears back only after that transaction committed, so what is
 * acknowledged is stored. A commit is the expensive part of a small insert (the WAL write),
 * which this pays once per batch instead of once per request. One input that fails is
 * refused alone; a commit that fails refuses the whole batch. A call made inside an open
 * transaction joins it instead, as any repository call does.
 */
export function groupCommitted<In, Out>(
  sqlite: Database.Database,
  unit: SqliteUnitOfWork,
  one: (input: In) => Out,
): (input: In) => Promise<Out> {
  let waiting: Array<Waiting<In, Out>> = [];
  const writeBatch = (batch: Array<Waiting<In, Out>>) =>
    sqlite.transaction(() =>
      batch.map((call) => {
        try {
          return { ok: true as const, output: one(call.input) };
        } catch (error) {
          return { ok: false as const, error };
        }
      }),
    )();
  const flush = () => {
    const batch = waiting;
    waiting = [];
    unit
      .run(async () => writeBatch(batch))
      .then(
        (outcomes) =>
          outcomes.forEach((outcome, i) => {
            const call = batch[i];
            if (!call) return;
            if (outcome.ok) call.resolve(outcome.output);
            else call.reject(outcome.error);
          }),
        (error: unknown) => {
          for (const call of batch) call.reject(error);
        },
      );
  };
  return (input) => {
    if (unit.inTransaction()) return unit.run(async () => one(input));
    return new Promise<Out>((resolve, reject) => {
      if (waiting.length === 0) setImmediate(flush);
      waiting.push({ input, resolve, reject });
    });
  };
}
