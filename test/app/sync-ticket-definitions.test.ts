import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventBus } from '../../src/app/event-bus.js';
import { syncTicket, type TicketSyncDeps } from '../../src/app/sync-ticket.js';
import type { AuditEvent, TicketAudit } from '../../src/domain/audit.js';
import { DEFAULT_DRIVER_DEFINITIONS } from '../../src/domain/driver-definitions.js';
import { DEFAULT_EFFORT_WEIGHTS } from '../../src/domain/effort-index.js';
import { createLogger } from '../../src/logger.js';
import type { Store } from '../../src/ports/store.js';
import { FakeZendesk } from '../support/fake-zendesk.js';
import { openTestStore } from '../support/store.js';

const REQUESTER = 9001;
const AGENT = 7002;
const at = (h: number, m = 0) => new Date(Date.UTC(2025, 2, 3, h, m));
const comment = (authorId: number): AuditEvent => ({ kind: 'comment', authorId, public: true, voice: false });

let store: Store;
let zendesk: FakeZendesk;

beforeEach(async () => {
  store = await openTestStore();
  zendesk = new FakeZendesk();
  zendesk.tickets.set(501, {
    id: 501,
    requesterId: REQUESTER,
    status: 'solved',
    groupId: 2,
    assigneeId: AGENT,
    channel: 'email',
    tags: [],
    formId: null,
    type: null,
    subject: 'Refund',
    createdAt: at(9),
    updatedAt: at(12),
  });
  const audits: TicketAudit[] = [
    {
      id: 1,
      ticketId: 501,
      createdAt: at(9),
      authorId: REQUESTER,
      channel: 'email',
      events: [comment(REQUESTER), { kind: 'group', value: 1, previous: null }],
    },
    // A trigger routes the new ticket from the default group to its team in the same minute.
    {
      id: 2,
      ticketId: 501,
      createdAt: at(9, 1),
      authorId: -1,
      channel: 'rule',
      events: [{ kind: 'group', value: 2, previous: 1 }],
    },
    {
      id: 3,
      ticketId: 501,
      createdAt: at(11),
      authorId: AGENT,
      channel: 'web',
      events: [comment(AGENT), { kind: 'status', value: 'solved', previous: 'new' }],
    },
  ];
  zendesk.audits.set(501, audits);
});
afterEach(async () => {
  await store.close();
});

function deps(overrides: Partial<TicketSyncDeps> = {}): TicketSyncDeps {
  const logger = createLogger({ level: 'silent' });
  return {
    zendesk,
    store,
    events: new EventBus(),
    clock: { now: () => at(15) },
    logger,
    effortWeights: DEFAULT_EFFORT_WEIGHTS,
    effortFieldId: null,
    ...overrides,
  };
}

describe('syncTicket counts drivers by the configured definitions', () => {
  it('by default, routing before anyone engaged is not a handoff', async () => {
    await syncTicket(deps(), 501);
    expect((await store.tickets.getEffort(501))?.drivers).toMatchObject({
      teamHandoffs: 0,
      firstContactResolution: true,
    });
  });

  it('with drivers.handoffs "any-change", the same routing counts', async () => {
    await syncTicket(deps({ driverDefinitions: { ...DEFAULT_DRIVER_DEFINITIONS, handoffs: 'any-change' } }), 501);
    expect((await store.tickets.getEffort(501))?.drivers).toMatchObject({
      teamHandoffs: 1,
      firstContactResolution: false,
    });
  });
});
