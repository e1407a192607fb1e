/**
 * What the inbox and the outbox share as work queues: how a try that did not succeed is
 * recorded, leases kept alive while work runs, and the dead letters an operator replays.
 */

export interface RetryOptions {
  /**
   * False for waits that a provider or a rule asked for (429 Retry-After, quiet hours): they
   * use up none of the retry budget. Default true.
   */
  countsAsFailure?: boolean;
  /** Outbox only: the request may have reached the provider, so the next try asks it first. */
  outcomeUnknown?: boolean;
}

/** Work that exhausted its retries (or can never succeed), with the reason. */
export interface DeadLetter {
  queue: 'inbox' | 'outbox';
  id: number;
  /** The provider of a delivery, or the kind of a message. */
  kind: string;
  ticketId: number | null;
  reason: string | null;
  attempts: number;
  failures: number;
  /** When the work was first queued. */
  queuedAt: Date;
}

export interface WorkQueue {
  /** Extends a claimed row's lease while its work runs; false when the row is no longer ours. */
  renewLease(id: number, until: Date): Promise<boolean>;
  listDead(limit: number): Promise<DeadLetter[]>;
  /** Queues dead letters again, with a fresh retry budget; `all` replays every one. Returns how many. */
  retryDead(which: number | 'all', now: Date): Promise<number>;
  /** Rows by status, finished ones included. */
  countByStatus(): Promise<Record<string, number>>;
  /**
   * Rows still waiting, running or dead, by status: the queue-depth gauges. Finished rows,
   * kept until retention deletes them, are not counted, so this reads a few index ranges
   * instead of the whole table (101 ms at 1,000,000 kept deliveries, on every /metrics scrape).
   */
  countUnfinished(): Promise<Record<string, number>>;
}
