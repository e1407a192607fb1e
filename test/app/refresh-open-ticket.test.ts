import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventBus } from '../../src/app/event-bus.js';
import { createOpenTicketRefresher } from '../../src/app/refresh-open-ticket.js';
import type { TicketSyncDeps } from '../../src/app/sync-ticket.js';
import { DEFAULT_EFFORT_WEIGHTS } from '../../src/domain/effort-index.js';
import type { Store } from '../../src/ports/store.js';
import { captureLogs } from '../support/capture-logs.js';
import { FakeZendesk } from '../support/fake-zendesk.js';
import { onMarch3, openTicket501 } from '../support/open-ticket.js';
import { openTestStore } from '../support/store.js';

const at = onMarch3;
const ticket = openTicket501(10);

let store: Store;
let zendesk: FakeZendesk;
let deps: TicketSyncDeps;
let now = at(11);
let reads = 0;

beforeEach(async () => {
  store = await openTestStore();
  zendesk = new FakeZendesk();
  zendesk.tickets.set(501, ticket);
  zendesk.audits.set(501, []);
  const readCase = zendesk.readCase.bind(zendesk);
  reads = 0;
  zendesk.readCase = (id, known) => {
    reads += 1;
    return readCase(id, known);
  };
  now = at(11);
  deps = {
    zendesk,
    store,
    events: new EventBus(),
    clock: { now: () => now },
    logger: captureLogs().logger,
    effortWeights: DEFAULT_EFFORT_WEIGHTS,
    effortFieldId: null,
  };
});
afterEach(async () => {
  await store.close();
});

describe('createOpenTicketRefresher: live drivers of open tickets, one read per change looked at', () => {
  it('reads an open ticket known only from webhooks, then not again until it changes', async () => {
    await store.tickets.upsertTicket(ticket, null);
    const refresh = createOpenTicketRefresher(deps);
    expect(await refresh(501)).toBe('refreshed');
    expect(await store.tickets.getEffort(501)).not.toBeNull();
    expect(await refresh(501)).toBe('current');
    expect(reads).toBe(1);
    // A webhook reports a change (stored without a call); the next look reads again.
    now = at(13);
    await store.tickets.upsertTicket({ ...ticket, groupId: 2, updatedAt: at(12) }, null);
    expect(await refresh(501)).toBe('refreshed');
    expect(reads).toBe(2);
  });

  it('leaves solved tickets and unknown ones alone, and keeps the syncedAt that deliveries rely on', async () => {
    const refresh = createOpenTicketRefresher(deps);
    expect(await refresh(999)).toBe('current');
    await store.tickets.upsertTicket({ ...ticket, status: 'solved' }, at(10));
    expect(await refresh(501)).toBe('current');
    expect(reads).toBe(0);
    await store.tickets.upsertTicket(ticket, null);
    await refresh(501);
    expect((await store.tickets.getTicket(501))?.syncedAt).toEqual(at(10));
  });

  it('serves what is stored when Zendesk cannot be read', async () => {
    await store.tickets.upsertTicket(ticket, null);
    zendesk.readCase = async () => {
      throw new Error('Zendesk answered 503');
    };
    expect(await createOpenTicketRefresher(deps)(501)).toBe('current');
  });
});
