/** Shared pacing on PostgreSQL, column for column as db/schema-pacing.ts. */
import { bigint, pgTable, text } from 'drizzle-orm/pg-core';

/** A key's theoretical arrival time of its next slot (GCRA), epoch ms. */
export const pacingSlots = pgTable('pacing_slots', {
  /** What is paced, e.g. `zendesk:requests` or `slack:channel:leads`. */
  key: text('key').primaryKey(),
  nextAt: bigint('next_at', { mode: 'number' }).notNull(),
});
