/**
 * Pacing by generic cell rate (GCRA): a key's state is one number, the theoretical arrival
 * time of its next slot (`nextAt`, epoch ms). Slots come `intervalMs` apart; after a quiet
 * spell up to `burst` may be taken at once; a slot more than `maxWaitMs` away is not taken,
 * so the caller reschedules its work instead of waiting. db/ computes the same step in one
 * SQL statement per backend (the state shared by every instance); `MemoryPacing` keeps it in
 * one process's memory for clients built without a store (tests, scripts).
 */

export interface Pace {
  /** Time between two slots, in ms; rounded up to a whole ms (the store keeps whole ms). */
  intervalMs: number;
  /** Slots that may be taken at once after a quiet spell; default 1. */
  burst?: number;
  /** A slot further than this from now is not taken; default: any slot is taken. */
  maxWaitMs?: number;
}

export interface PacingSlot {
  /** Taken: when the caller may go (now or later). Not taken: when a slot is expected to be free. */
  at: Date;
  taken: boolean;
}

/** The pace in the whole milliseconds the stores compute with. */
export function paceInWholeMs(pace: Pace): { intervalMs: number; toleranceMs: number; maxWaitMs: number } {
  const intervalMs = Math.max(1, Math.ceil(pace.intervalMs));
  const burst = Math.max(1, Math.floor(pace.burst ?? 1));
  const maxWaitMs = Math.max(0, Math.floor(pace.maxWaitMs ?? Number.MAX_SAFE_INTEGER / 4));
  return { intervalMs, toleranceMs: (burst - 1) * intervalMs, maxWaitMs };
}

/**
 * One reservation: the caller's slot, and the key's next `nextAt` (null when the slot is too
 * far away and nothing was taken). `nextAt` 0 is a key never used.
 */
export function reserveSlot(nextAt: number, pace: Pace, now: number): { slot: PacingSlot; nextAt: number | null } {
  const { intervalMs, toleranceMs, maxWaitMs } = paceInWholeMs(pace);
  const start = Math.max(nextAt, now) - toleranceMs;
  if (start - now > maxWaitMs) return { slot: { at: new Date(start), taken: false }, nextAt: null };
  return { slot: { at: new Date(Math.max(start, now)), taken: true }, nextAt: Math.max(nextAt, now) + intervalMs };
}

/** Reads a store's answer: `nextAt` after a taken slot, or (not taken) the key's unchanged `nextAt`. */
export function slotFromStored(stored: { nextAt: number; taken: boolean }, pace: Pace, now: number): PacingSlot {
  const { intervalMs, toleranceMs } = paceInWholeMs(pace);
  if (!stored.taken) return { at: new Date(stored.nextAt - toleranceMs), taken: false };
  return { at: new Date(Math.max(stored.nextAt - intervalMs - toleranceMs, now)), taken: true };
}

/** One process's pacing, in memory: the same arithmetic, for callers without a shared store. */
export class MemoryPacing {
  private readonly nextAt = new Map<string, number>();

  async reserve(key: string, pace: Pace, now: Date): Promise<PacingSlot> {
    const { slot, nextAt } = reserveSlot(this.nextAt.get(key) ?? 0, pace, Math.floor(now.getTime()));
    if (nextAt !== null) this.nextAt.set(key, nextAt);
    return slot;
  }

  async holdUntil(key: string, until: Date): Promise<void> {
    this.nextAt.set(key, Math.max(this.nextAt.get(key) ?? 0, Math.ceil(until.getTime())));
  }

  async heldUntil(key: string): Promise<Date | null> {
    const at = this.nextAt.get(key);
    return at === undefined ? null : new Date(at);
  }
}
