import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventBus } from '../../src/app/event-bus.js';
import { processNextOutboxMessage } from '../../src/app/process-outbox.js';
import { syncTicket, type TicketSyncDeps } from '../../src/app/sync-ticket.js';
import type { AuditEvent, TicketAudit } from '../../src/domain/audit.js';
import { DEFAULT_EFFORT_WEIGHTS } from '../../src/domain/effort-index.js';
import type { DomainEvent } from '../../src/domain/events.js';
import { createLogger } from '../../src/logger.js';
import { createMetrics } from '../../src/metrics.js';
import { ZENDESK_TICKET_UPDATE } from '../../src/ports/outbox.js';
import type { Store } from '../../src/ports/store.js';
import { createZendeskTicketUpdateSender } from '../../integrations/zendesk/send-ticket-update.js';
import { FakeZendesk } from '../support/fake-zendesk.js';
import { openTestStore } from '../support/store.js';

const REQUESTER = 9001;
const AGENT = 7002;
const at = (h: number, m = 0) => new Date(Date.UTC(2025, 2, 3, h, m));
const comment = (authorId: number): AuditEvent => ({ kind: 'comment', authorId, public: true, voice: false });
const audit = (id: number, h: number, authorId: number, channel: string, events: AuditEvent[]): TicketAudit => ({
  id,
  ticketId: 501,
  createdAt: at(h),
  authorId,
  channel,
  events,
});

let store: Store;
let zendesk: FakeZendesk;
let events: DomainEvent[];
let deps: TicketSyncDeps;
const logger = createLogger({ level: 'silent' });

beforeEach(async () => {
  store = await openTestStore();
  zendesk = new FakeZendesk();
  events = [];
  const bus = new EventBus();
  for (const type of ['ticket.solved', 'ticket.reopened', 'ticket.group_changed', 'effort.computed'] as const)
    bus.on(type, (e) => void events.push(e));
  deps = {
    zendesk,
    store,
    events: bus,
    clock: { now: () => at(15) },
    logger,
    effortWeights: DEFAULT_EFFORT_WEIGHTS,
    effortFieldId: 360001,
  };
  zendesk.users.set(REQUESTER, {
    id: REQUESTER,
    name: 'Ann',
    email: 'ann@example.com',
    phone: '+31612345678',
    locale: 'nl',
    timeZone: 'Europe/Amsterdam',
  });
  zendesk.tickets.set(501, {
    id: 501,
    requesterId: REQUESTER,
    status: 'open',
    groupId: 1,
    assigneeId: AGENT,
    channel: 'email',
    tags: ['billing'],
    formId: null,
    type: 'question',
    subject: 'Invoice charged twice',
    createdAt: at(9),
    updatedAt: at(9),
  });
  zendesk.audits.set(501, [
    audit(1, 9, REQUESTER, 'email', [
      comment(REQUESTER),
      { kind: 'status', value: 'new', previous: null },
      { kind: 'group', value: 1, previous: null },
    ]),
    audit(2, 10, REQUESTER, 'voice', [comment(REQUESTER)]),
    audit(3, 11, AGENT, 'web', [comment(AGENT), { kind: 'group', value: 2, previous: 1 }]),
  ]);
});
afterEach(async () => {
  await store.close();
});

function solve() {
  zendesk.tickets.set(501, { ...zendesk.tickets.get(501)!, status: 'solved', groupId: 2 });
  zendesk.audits
    .get(501)!
    .push(audit(4, 12, AGENT, 'web', [comment(AGENT), { kind: 'status', value: 'solved', previous: 'open' }]));
}

const sendOutbox = () =>
  processNextOutboxMessage({
    outbox: store.outbox,
    senders: { [ZENDESK_TICKET_UPDATE]: createZendeskTicketUpdateSender(zendesk) },
    clock: { now: () => at(15) },
    logger,
    metrics: createMetrics({ collectDefaults: false }),
  });

describe('syncTicket', () => {
  it('stores the ticket, requester, timeline and drivers of an open ticket without writing back', async () => {
    expect(await syncTicket(deps, 501)).toBe('synced');
    const effort = await store.tickets.getEffort(501);
    expect(effort?.drivers).toMatchObject({
      channelSwitches: 1,
      teamHandoffs: 1,
      customerContacts: 2,
      resolutionMinutes: null,
    });
    expect(await store.tickets.getCustomer(REQUESTER)).toMatchObject({ locale: 'nl', timeZone: 'Europe/Amsterdam' });
    expect(await store.outbox.countByStatus()).toEqual({});
    expect(events.map((e) => e.type)).toEqual(['effort.computed']);
  });

  it('on solve queues one write-back with field, tag and internal note, and emits ticket.solved', async () => {
    await syncTicket(deps, 501);
    solve();
    await syncTicket(deps, 501);
    expect(events.map((e) => e.type)).toContain('ticket.solved');
    expect(events.map((e) => e.type)).toContain('ticket.group_changed');
    expect(await sendOutbox()).toBe(true);
    expect(zendesk.updates).toHaveLength(1);
    const { update } = zendesk.updates[0]!;
    expect(update.customFields).toEqual([{ id: 360001, value: expect.any(Number) }]);
    expect(update.addTags).toHaveLength(1);
    expect(update.addTags[0]).toMatch(/^effort_(low|medium|high)$/);
    expect(update.internalNote).toContain('Effortless: effort index');
  });

  it('does not write again when the bot’s own update comes back (no loop)', async () => {
    solve();
    await syncTicket(deps, 501);
    await sendOutbox();
    const before = await store.tickets.getEffort(501);
    // The webhook fired by our own update: the bot's api audit is now in the history.
    await syncTicket(deps, 501);
    expect(await sendOutbox()).toBe(false);
    expect(zendesk.updates).toHaveLength(1);
    const after = await store.tickets.getEffort(501);
    expect(after?.drivers).toEqual(before?.drivers);
    expect(after?.timeline.touches).toHaveLength(before!.timeline.touches.length);
  });

  it('writes a new state after a reopen and a second solve, and emits ticket.reopened', async () => {
    solve();
    await syncTicket(deps, 501);
    await sendOutbox();
    zendesk.tickets.set(501, { ...zendesk.tickets.get(501)!, status: 'open' });
    zendesk.audits
      .get(501)!
      .push(
        audit(5, 13, REQUESTER, 'chat', [comment(REQUESTER), { kind: 'status', value: 'open', previous: 'solved' }]),
      );
    await syncTicket(deps, 501);
    expect(events.map((e) => e.type)).toContain('ticket.reopened');
    zendesk.tickets.set(501, { ...zendesk.tickets.get(501)!, status: 'solved' });
    zendesk.audits
      .get(501)!
      .push(audit(6, 14, AGENT, 'web', [comment(AGENT), { kind: 'status', value: 'solved', previous: 'open' }]));
    await syncTicket(deps, 501);
    await sendOutbox();
    expect(zendesk.updates).toHaveLength(2);
    expect((await store.tickets.getEffort(501))?.drivers.reopens).toBe(1);
  });

  it('never writes to a closed ticket', async () => {
    zendesk.tickets.set(501, { ...zendesk.tickets.get(501)!, status: 'closed' });
    await syncTicket(deps, 501);
    expect(await store.outbox.countByStatus()).toEqual({});
  });

  it('reports a ticket Zendesk no longer has', async () => {
    expect(await syncTicket(deps, 404)).toBe('missing');
  });
});
