import { AsyncLocalStorage } from 'node:async_hooks';
import type { PgConnection, PgDb } from './connection.js';

interface OpenTransaction {
  db: PgDb;
  afterCommit: Array<() => void>;
  /** Work to run last inside the transaction, once per key (see beforeCommit). */
  beforeCommit: Map<string, () => Promise<void>>;
}

/**
 * Transactions on a pool: `atomically` takes one client for its work and every repository
 * call made by that work (followed through AsyncLocalStorage) runs on it, so it commits or
 * rolls back with the rest. Calls outside a transaction run on any pooled client, at the
 * same time as others: PostgreSQL, unlike SQLite, takes many writers.
 */
export class PgUnitOfWork {
  private readonly open = new AsyncLocalStorage<OpenTransaction>();

  constructor(private readonly connection: PgConnection) {}

  /** The database to run a statement on now: the current transaction's, or the pool. */
  get db(): PgDb {
    return this.open.getStore()?.db ?? this.connection.db;
  }

  inTransaction(): boolean {
    return this.open.getStore() !== undefined;
  }

  /** Commits everything `work` writes, or nothing. A transaction inside another joins it. */
  async atomically<T>(work: () => Promise<T>): Promise<T> {
    if (this.open.getStore()) return work();
    const afterCommit: Array<() => void> = [];
    const beforeCommit = new Map<string, () => Promise<void>>();
    const result = await this.connection.db.transaction((tx) =>
      this.open.run({ db: tx as unknown as PgDb, afterCommit, beforeCommit }, async () => {
        const value = await work();
        // In key order, so transactions that touch the same rows this way take them in one order.
        while (beforeCommit.size > 0) {
          const [key] = [...beforeCommit.keys()].sort();
          const last = beforeCommit.get(key!)!;
          beforeCommit.delete(key!);
          await last();
        }
        return value;
      }),
    );
    this.open.exit(() => {
      for (const callback of afterCommit) callback();
    });
    return result;
  }

  /**
   * Runs `work` as the last thing inside the current transaction, once per `key` however often
   * it is asked for (the last registration wins); at once outside one. For writes to rows every
   * transaction touches (the dashboard's day sums): a row lock taken just before COMMIT is held
   * for a round trip instead of for the rest of the transaction, so instances do not queue on it.
   */
  async beforeCommit(key: string, work: () => Promise<void>): Promise<void> {
    const transaction = this.open.getStore();
    if (transaction) transaction.beforeCommit.set(key, work);
    else await this.atomically(work);
  }

  /** Runs `callback` once the current transaction commits (never, if it rolls back); at once outside one. */
  afterCommit(callback: () => void): void {
    const transaction = this.open.getStore();
    if (transaction) transaction.afterCommit.push(callback);
    else callback();
  }
}
