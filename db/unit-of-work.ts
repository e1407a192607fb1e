import { AsyncLocalStorage } from 'node:async_hooks';
import type Database from 'better-sqlite3';
import { Turn } from './turn.js';

interface OpenTransaction {
  afterCommit: Array<() => void>;
  /** Work to run last inside the transaction, once per key (see beforeCommit). */
  beforeCommit: Map<string, () => void>;
}

/**
 * One connection, many async callers: every repository call takes a turn on one mutex, and a
 * transaction holds that turn from BEGIN to COMMIT, so no other caller's statement can land
 * inside it (or be rolled back with it). Calls made by the transaction's own work (followed
 * through AsyncLocalStorage) run inside it without waiting for the turn they already hold.
 * Work inside a transaction must be local: an upstream call there would stall every caller.
 */
export class SqliteUnitOfWork {
  private readonly turn = new Turn();
  private readonly open = new AsyncLocalStorage<OpenTransaction>();

  constructor(private readonly sqlite: Database.Database) {}

  /** True inside `atomically`'s work: a statement made now lands in its transaction. */
  inTransaction(): boolean {
    return this.open.getStore() !== undefined;
  }

  /** Runs one repository call in its turn (or inside the current transaction). */
  run<T>(call: () => Promise<T>): Promise<T> {
    if (this.open.getStore()) return call();
    return this.turn.run(call);
  }

  /** Commits everything `work` writes, or nothing. A transaction inside another joins it. */
  async atomically<T>(work: () => Promise<T>): Promise<T> {
    if (this.open.getStore()) return work();
    return this.turn.run(async () => {
      const transaction: OpenTransaction = { afterCommit: [], beforeCommit: new Map() };
      this.sqlite.exec('BEGIN IMMEDIATE');
      let result: T;
      try {
        result = await this.open.run(transaction, work);
        // A callback may ask for another: run until none is left.
        for (const [key, last] of transaction.beforeCommit) {
          transaction.beforeCommit.delete(key);
          last();
        }
        this.sqlite.exec('COMMIT');
      } catch (error) {
        if (this.sqlite.inTransaction) this.sqlite.exec('ROLLBACK');
        throw error;
      }
      // Outside the transaction's context: what these start takes its own turns.
      this.open.exit(() => {
        for (const callback of transaction.afterCommit) callback();
      });
      return result;
    });
  }

  /**
   * Runs `work` just before the current transaction commits, once however often the same key
   * is asked for (the last ask's work); at once outside a transaction. For derived rows that
   * several writes of one transaction change (a case's dashboard facts): computed once, last.
   */
  beforeCommit(key: string, work: () => void): void {
    const transaction = this.open.getStore();
    if (transaction) transaction.beforeCommit.set(key, work);
    else work();
  }

  /** Runs `callback` once the current transaction commits (never, if it rolls back); at once outside one. */
  afterCommit(callback: () => void): void {
    const transaction = this.open.getStore();
    if (transaction) transaction.afterCommit.push(callback);
    else callback();
  }
}

/** The same repository, each of its methods taking its turn through `unit`. */
export function takingTurns<T extends object>(repository: T, unit: SqliteUnitOfWork): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(repository)) {
    wrapped[name] =
      typeof value === 'function'
        ? (...args: unknown[]) => unit.run(() => Promise.resolve(value.apply(repository, args)))
        : value;
  }
  return wrapped as T;
}
