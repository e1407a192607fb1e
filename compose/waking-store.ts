import type { Store } from '../src/ports/store.js';

/**
 * The store, with every new inbox delivery and outbox message waking one idle worker of its
 * queue once it is committed: work stored by a webhook (Zendesk, Twilio, Slack) or queued by
 * a sync starts at once instead of after the idle sleep, and the queue it belongs to is the
 * one woken. A duplicate wakes no one.
 */
export function wakingOnQueue(store: Store, wake: { deliveries: () => void; outbox: () => void }): Store {
  const { deliveries, outbox } = store;
  return {
    ...store,
    deliveries: {
      ...deliveries,
      async add(delivery) {
        const stored = await deliveries.add(delivery);
        if (!stored.duplicate) store.afterCommit(wake.deliveries);
        return stored;
      },
    },
    outbox: {
      ...outbox,
      async enqueue(message, now) {
        const queued = await outbox.enqueue(message, now);
        if (!queued.duplicate) store.afterCommit(wake.outbox);
        return queued;
      },
    },
  };
}
