import { sql } from 'drizzle-orm';
import type { PgUnitOfWork } from './unit-of-work.js';

/** First key of the two-key advisory locks below, so they never meet another feature's locks. */
const AUDITS_ARRIVING = 16_001;

/** The second key: ticket ids pass 2^31; two tickets sharing a key only wait for each other. */
const keyOf = (ticketId: number) => ticketId % 2_147_483_647;

/*
 * Why these locks: a ticket is flagged for recompute when audits arrive for it (addAudits) or
 * when it is stored after its audits (upsertTicket). Under READ COMMITTED, a ticket inserted
 * while a backfill page of its audits is uncommitted sees none of them, and the page's flag
 * update does not see the new ticket: both commit and the ticket is never scored. Storing a
 * ticket takes the ticket's lock shared (tickets still store at the same time), storing
 * audits takes it exclusive, so one waits for the other's commit and then sees it.
 * Transaction-scoped: call inside `unit.atomically`.
 */

export async function lockTicketForStoring(unit: PgUnitOfWork, ticketId: number): Promise<void> {
  await unit.db.execute(sql`select pg_advisory_xact_lock_shared(${AUDITS_ARRIVING}, ${keyOf(ticketId)}::int4)`);
}

/** In ascending key order, so two pages of audits never wait for each other in a circle. */
export async function lockTicketsForAudits(unit: PgUnitOfWork, ticketIds: Iterable<number>): Promise<void> {
  const keys = [...new Set([...ticketIds].map(keyOf))].sort((a, b) => a - b);
  if (keys.length === 0) return;
  const list = sql.join(
    keys.map((key) => sql`(${key}::int4)`),
    sql`, `,
  );
  await unit.db.execute(
    sql`select pg_advisory_xact_lock(${AUDITS_ARRIVING}, k) from (select k from (values ${list}) as keys(k) order by k) as ordered`,
  );
}
