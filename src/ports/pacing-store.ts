import type { Pace, PacingSlot } from '../domain/pacing.js';

export type { Pace, PacingSlot } from '../domain/pacing.js';

/**
 * Paces shared by every instance on the database (the Zendesk request budget, Slack posts per
 * channel): each key's next slot is kept in the database, so two instances take turns from
 * one pace instead of each sending at the full rate. The same rows hold a provider's 429
 * `Retry-After` (holdUntil), so every instance learns of it. A key is either paced or held.
 */
export interface PacingStore {
  /**
   * Takes the key's next slot (GCRA, src/domain/pacing.ts) in one atomic statement: callers
   * at the same moment, in this process or another, never get the same slot. A slot more
   * than `pace.maxWaitMs` after `now` is not taken (`taken` false, `at` = when to ask again).
   * One key must always be asked with the same pace.
   */
  reserve(key: string, pace: Pace, now: Date): Promise<PacingSlot>;
  /** Holds the key until `until` (a provider's Retry-After); a later hold already stored is kept. */
  holdUntil(key: string, until: Date): Promise<void>;
  /** Until when the key is held (`holdUntil`), or null if it never was. */
  heldUntil(key: string): Promise<Date | null>;
}
