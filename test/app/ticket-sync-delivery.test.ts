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
import { openTestStore } from '../support/store.js';

const at = (h: number) => new Date(Date.UTC(2025, 2, 3, h));
const ticket: TicketSnapshot = {
  id: 501,
  requesterId: null,
  status: 'open',
  groupId: 1,
  assigneeId: 7002,
  channel: 'email',
  tags: [],
  formId: null,
  type: null,
  subject: 'Invoice charged twice',
  createdAt: at(9),
  updatedAt: at(9),
};
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
  zendesk.getTicket = async () => {
    throw new Error('Zendesk was read');
  };
};

describe('createTicketSyncDeliveryHandler', () => {
  it('syncs the ticket a delivery names', async () => {
    expect(await handlerReading({ kind: 'ticket', ticketId: 501 })(delivery, logger)).toBe('done');
    expect((await store.tickets.getTicket(501))?.syncedAt).toEqual(at(13));
  });

  it('skips the read when a sync that began after the delivery arrived already saw it', async () => {
    await store.tickets.upsertTicket({ ...ticket, subject: 'as stored' }, at(12));
    forbidZendeskReads();
    expect(await handlerReading({ kind: 'ticket', ticketId: 501 })(delivery, logger)).toBe('done');
    expect((await store.tickets.getTicket(501))?.subject).toBe('as stored');
  });

  it('syncs again when the last sync began before the delivery arrived', async () => {
    await store.tickets.upsertTicket({ ...ticket, subject: 'as stored' }, at(11));
    await handlerReading({ kind: 'ticket', ticketId: 501 })(delivery, logger);
    expect((await store.tickets.getTicket(501))?.subject).toBe('Invoice charged twice');
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
