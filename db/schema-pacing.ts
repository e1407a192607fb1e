/** Shared pacing (src/ports/pacing-store.ts): one row per paced key, next to db/schema.ts. */
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** A key's theoretical arrival time of its next slot (GCRA), epoch ms. */
export const pacingSlots = sqliteTable('pacing_slots', {
  /** What is paced, e.g. `zendesk:requests` or `slack:channel:leads`. */
  key: text('key').primaryKey(),
  nextAt: integer('next_at').notNull(),
});
