import { AsyncLocalStorage } from 'node:async_hooks';
import type { PgConnection, PgDb } from './connection.js';

interface OpenTransaction {
  db: PgDb;
  afterCommit: Array<() => void>;
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
    const result = await this.connection.db.transaction((tx) =>
      this.open.run({ db: tx as unknown as PgDb, afterCommit }, work),
    );
    this.open.exit(() => {
      for (const callback of afterCommit) callback();
    });
    return result;
  }

  /** Runs `callback` once the current transaction commits (never, if it rolls back); at once outside one. */
  afterCommit(callback: () => void): void {
    const transaction = this.open.getStore();
    if (transaction) transaction.afterCommit.push(callback);
    else callback();
  }
}
