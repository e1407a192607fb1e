import type { Clock } from '../ports/clock.js';
import type { Outbox } from '../ports/outbox.js';

export interface OutboxBackpressure {
  /** Asked by an inbox loop before it claims: true while the outbox has too much due work waiting. */
  holdsInbox(): Promise<boolean>;
  /** Asked by an outbox loop after each turn while the inbox is held: true once it may go on (wake it). */
  releasesInbox(): Promise<boolean>;
}

/**
 * Finishing work before starting new work. Each delivery the inbox processes queues messages
 * (the effort write-back, the survey); when both queues' loops share one CPU, the inbox's
 * loops would otherwise take as much of it as the outbox's while producing more work than
 * the outbox sends, so sends lag further and further behind a backlog (0.43 of the inbox's
 * output in the processing bench). So while `high` or more messages wait due, the inbox
 * claims nothing new, until the outbox has brought them down to `low` (hysteresis: the inbox
 * does not flap on every send). Counted in the database, so it holds across instances; a
 * message whose sender is off or rate-limited is rescheduled when claimed and stops counting,
 * so the inbox is never held for good.
 */
export function outboxBackpressure(input: {
  outbox: Pick<Outbox, 'countDue'>;
  clock: Clock;
  high: number;
  low: number;
}): OutboxBackpressure {
  const { outbox, clock, high, low } = input;
  let held = false;
  const stillHeld = async () => (await outbox.countDue(clock.now(), low + 1)) > low;
  return {
    async holdsInbox() {
      held = held ? await stillHeld() : (await outbox.countDue(clock.now(), high)) >= high;
      return held;
    },
    async releasesInbox() {
      if (!held) return false;
      held = await stillHeld();
      return !held;
    },
  };
}
