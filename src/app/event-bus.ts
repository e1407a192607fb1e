import type { DomainEvent, DomainEventType, EventOf } from '../domain/events.js';

type Listener<T extends DomainEventType> = (event: EventOf<T>) => Promise<void> | void;
type AnyListener = (event: DomainEvent) => Promise<void> | void;

/**
 * In-process, awaited dispatch. Listeners that start outside work must queue it in the
 * outbox (a quick local write), so a failing listener fails the delivery and it is retried.
 */
export class EventBus {
  private readonly listeners = new Map<DomainEventType, AnyListener[]>();

  on<T extends DomainEventType>(type: T, listener: Listener<T>): void {
    const list = this.listeners.get(type) ?? [];
    // Stored by type, so each listener only ever sees events of its own type.
    list.push(listener as unknown as AnyListener);
    this.listeners.set(type, list);
  }

  async emit(event: DomainEvent): Promise<void> {
    for (const listener of this.listeners.get(event.type) ?? []) await listener(event);
  }
}
