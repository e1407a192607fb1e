import type { Store } from '../ports/store.js';
import type { DeadLetter } from '../ports/work-queue.js';

/** Inbox and outbox dead letters, newest first, each named `inbox:N` or `outbox:N`. */
export async function listDeadLetters(store: Store, limit = 200): Promise<Array<DeadLetter & { ref: string }>> {
  const [inbox, outbox] = await Promise.all([store.deliveries.listDead(limit), store.outbox.listDead(limit)]);
  return [...inbox, ...outbox]
    .sort((a, b) => b.queuedAt.getTime() - a.queuedAt.getTime())
    .slice(0, limit)
    .map((letter) => ({ ...letter, ref: `${letter.queue}:${letter.id}` }));
}

export type DeadLetterRef = { queue: 'inbox' | 'outbox'; id: number } | 'all';

/** `inbox:12`, `outbox:7`, or a bare number when only one queue has a dead letter with that id. */
export async function resolveDeadLetterRef(store: Store, text: string): Promise<DeadLetterRef> {
  const match = /^(?:(inbox|outbox):)?(\d+)$/.exec(text.trim());
  if (!match) throw new Error(`not a dead letter id: ${text} (expected inbox:N, outbox:N or N)`);
  const id = Number(match[2]);
  if (match[1]) return { queue: match[1] as 'inbox' | 'outbox', id };
  const letters = await listDeadLetters(store, 10_000);
  const found = letters.filter((letter) => letter.id === id);
  if (found.length === 0) throw new Error(`no dead letter with id ${id}`);
  if (found.length > 1) throw new Error(`both queues have a dead letter ${id}: say inbox:${id} or outbox:${id}`);
  return { queue: found[0]!.queue, id };
}

/** Queues dead letters again with a fresh retry budget; returns how many. */
export async function replayDeadLetters(store: Store, which: DeadLetterRef, now: Date): Promise<number> {
  if (which === 'all')
    return (await store.deliveries.retryDead('all', now)) + (await store.outbox.retryDead('all', now));
  const queue = which.queue === 'inbox' ? store.deliveries : store.outbox;
  return queue.retryDead(which.id, now);
}
