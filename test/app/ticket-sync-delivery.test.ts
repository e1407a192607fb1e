import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventBus } from '../../src/app/event-bus.js';
import type { TicketSyncDeps } from '../../src/app/sync-ticket.js';
import { createTicketSyncDeliveryHandler } from '../../src/app/ticket-sync-delivery.js';
import { DEFAULT_EFFORT_WEIGHTS } from '../../src/domain/effort-index.js';
import type { TicketSnapshot } from '../../src/domain/ticket.js';
import { PermanentError } from '../../src/ports/errors.js';
import { ZENDESK_PROVIDER, type StoredDelivery } from '../../src/ports/inbox.js';
import type { Store } from '../../src/ports/store.js';
import type { ZendeskDeliveryEvent } from '../../src/ports/zendesk.js';
import { captureLogs } from '../support/capture-logs.js';
import { FakeZendesk } from '../support/fake-zendesk.js';
import { onMarch3, openTicket501 } from '../support/open-ticket.js';
import { openTestStore } from '../support/store.js';

const at = onMarch3;
const ticket = openTicket501();
const delivery: StoredDelivery = {
  id: 1,
  provider: ZENDESK_PROVIDER,
  deliveryId: 'event:1',
  eventType: 'zen:event-type:ticket.comment_added',
  rawBody: '{}',
  receivedAt: at(12),
  attempts: 1,
  failures: 0,
  retryFrom: at(12),
};

let store: Store;
let zendesk: FakeZendesk;
let deps: TicketSyncDeps;
const { logger } = captureLogs();

beforeEach(async () => {
  store = await openTestStore();
  zendesk = new FakeZendesk();
  zendesk.tickets.set(501, ticket);
  zendesk.audits.set(501, []);
  deps = {
    zendesk,
    store,
    events: new EventBus(),
    clock: { now: () => at(13) },
    logger,
    effortWeights: DEFAULT_EFFORT_WEIGHTS,
    effortFieldId: null,
  };
});
afterEach(async () => {
  await store.close();
});

const handlerReading = (event: ZendeskDeliveryEvent) => createTicketSyncDeliveryHandler(deps, () => event);
const forbidZendeskReads = () => {
  zendesk.readCase = async () => {
    throw new Error('Zendesk was read');
  };
};
/** A delivery that names the ticket but carries neither status nor snapshot: always worth a read. */
const bare: ZendeskDeliveryEvent = { kind: 'ticket', ticketId: 501, status: null, snapshot: null };
const carrying = (snapshot: TicketSnapshot): ZendeskDeliveryEvent => ({
  kind: 'ticket',
  ticketId: snapshot.id,
  status: snapshot.status,
  snapshot,
});

describe('createTicketSyncDeliveryHandler', () => {
  it('syncs the ticket a delivery names', async () => {
    expect(await handlerReading(bare)(delivery, logger)).toBe('done');
    expect((await store.tickets.getTicket(501))?.syncedAt).toEqual(at(13));
  });

  it('skips the read when a sync that began after the delivery arrived already saw it', async () => {
    await store.tickets.upsertTicket({ ...ticket, subject: 'as stored' }, at(12));
    forbidZendeskReads();
    expect(await handlerReading(bare)(delivery, logger)).toBe('done');
    expect((await store.tickets.getTicket(501))?.subject).toBe('as stored');
  });

  it('syncs again when the last sync began before the delivery arrived', async () => {
    await store.tickets.upsertTicket({ ...ticket, subject: 'as stored' }, at(11));
    await handlerReading(bare)(delivery, logger);
    expect((await store.tickets.getTicket(501))?.subject).toBe('Invoice charged twice');
  });

  it('stores an open ticket from the event itself, without reading Zendesk', async () => {
    forbidZendeskReads();
    const later = { ...ticket, groupId: 2, updatedAt: at(12) };
    expect(await handlerReading(carrying(later))(delivery, logger)).toBe('done');
    expect(await store.tickets.getTicket(501)).toMatchObject({ groupId: 2, syncedAt: null });
  });

  it('reads the audits, but not the ticket, when the event says the ticket is solved', async () => {
    const solved = { ...ticket, status: 'solved', updatedAt: at(12) };
    zendesk.tickets.delete(501); // the delivery's snapshot must be enough
    const seen: Array<TicketSnapshot | null> = [];
    const readCase = zendesk.readCase.bind(zendesk);
    zendesk.readCase = (id, known) => {
      seen.push(known);
      return readCase(id, known);
    };
    await handlerReading(carrying(solved))(delivery, logger);
    expect(seen).toEqual([solved]);
    expect(await store.tickets.getTicket(501)).toMatchObject({ status: 'solved', syncedAt: delivery.receivedAt });
  });

  it('raises the reopen from the event alone once the solve was read', async () => {
    await store.tickets.upsertTicket({ ...ticket, status: 'solved', updatedAt: at(11) }, at(11));
    const reopened: string[] = [];
    deps.events.on('ticket.reopened', async (event) => {
      reopened.push(event.status);
    });
    forbidZendeskReads();
    await handlerReading(carrying({ ...ticket, status: 'open', updatedAt: at(12) }))(delivery, logger);
    expect(reopened).toEqual(['open']);
  });

  it('does not take a sync on a delivery’s own snapshot for one that covers later deliveries', async () => {
    // The solve and the reopen both arrived before the solve's sync began (clock at 13h).
    const solved = { ...ticket, status: 'solved', updatedAt: at(10) };
    await handlerReading(carrying(solved))({ ...delivery, receivedAt: at(10) }, logger);
    forbidZendeskReads();
    const reopen = { ...ticket, status: 'open', updatedAt: at(11) };
    await handlerReading(carrying(reopen))({ ...delivery, id: 2, receivedAt: at(11) }, logger);
    expect(await store.tickets.getTicket(501)).toMatchObject({ status: 'open' });
  });

  it('ignores an event older than the stored state (webhooks are not ordered)', async () => {
    await store.tickets.upsertTicket({ ...ticket, groupId: 3, updatedAt: at(12) }, null);
    forbidZendeskReads();
    await handlerReading(carrying({ ...ticket, groupId: 2, status: 'solved', updatedAt: at(10) }))(delivery, logger);
    expect(await store.tickets.getTicket(501)).toMatchObject({ groupId: 3, status: 'open' });
  });

  it('keeps an ignored event as ignored, without reading Zendesk', async () => {
    forbidZendeskReads();
    expect(await handlerReading({ kind: 'ignored', reason: 'not a ticket event' })(delivery, logger)).toBe('ignored');
  });

  it('lets the reader’s permanent error through to the worker', async () => {
    const handler = createTicketSyncDeliveryHandler(deps, () => {
      throw new PermanentError('webhook body is not a JSON object');
    });
    await expect(handler(delivery, logger)).rejects.toMatchObject({
      retryable: false,
      message: 'webhook body is not a JSON object',
    });
  });
});
