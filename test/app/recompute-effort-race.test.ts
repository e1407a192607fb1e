import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recomputeEffort } from '../../src/app/recompute-effort.js';
import { DEFAULT_EFFORT_WEIGHTS } from '../../src/domain/effort-index.js';
import type { Store, TicketStore } from '../../src/ports/store.js';
import { STORE_BACKENDS } from '../support/store.js';
import { at, audit, ticket } from '../support/ticket-fixtures.js';

describe.each(STORE_BACKENDS)('recomputeEffort racing new audits ($name)', ({ open }) => {
  let store: Store;
  beforeEach(async () => {
    store = await open();
  });
  afterEach(async () => {
    await store.close();
  });

  it('leaves the ticket flagged when an audit arrives between reading its audits and saving', async () => {
    await store.tickets.upsertTicket(ticket(1), null);
    await store.tickets.addAudits([audit(11, 1, 1)]);
    // A backfill page (or a delivery) stores a newer audit while the effort is being computed.
    const racing: TicketStore = {
      ...store.tickets,
      async listAudits(ticketId) {
        const audits = await store.tickets.listAudits(ticketId);
        await store.tickets.addAudits([audit(12, 1, 2)]);
        return audits;
      },
    };
    const options = { botUserId: null, weights: DEFAULT_EFFORT_WEIGHTS, now: at(30) };
    const effort = await recomputeEffort(racing, 1, options);
    expect(effort?.timeline.touches).toHaveLength(1); // computed from the first audit only
    expect(await store.tickets.listTicketsNeedingRecompute(10)).toEqual([1]);

    // The next recompute sees both and clears it.
    await recomputeEffort(store.tickets, 1, options);
    expect(await store.tickets.listTicketsNeedingRecompute(10)).toEqual([]);
  });
});
