import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TicketAudit } from '../../src/domain/audit.js';
import type { CaseTimeline } from '../../src/domain/timeline.js';
import type { Store } from '../../src/ports/store.js';
import { newSurvey } from '../support/new-survey.js';
import { STORE_BACKENDS } from '../support/store.js';
import { at, audit, drivers, emptyTimeline, score, ticket } from '../support/ticket-fixtures.js';

describe.each(STORE_BACKENDS)('ticket store ($name)', ({ open }) => {
  let store: Store;
  beforeEach(async () => {
    store = await open();
  });
  afterEach(async () => {
    await store.close();
  });

  it('keeps what the survey rules read: brand, organization, requester role and the via rel of audits', async () => {
    await store.tickets.upsertTicket(ticket(1, { brandId: 360020, organizationId: 4401 }), at(10));
    expect(await store.tickets.getTicket(1)).toMatchObject({ brandId: 360020, organizationId: 4401 });
    await store.tickets.upsertTicket(ticket(2), at(10));
    const plain = await store.tickets.getTicket(2);
    expect(plain).not.toHaveProperty('brandId');
    expect(plain).not.toHaveProperty('organizationId');
    const customer = { id: 7, name: 'Sam', email: null, phone: null, locale: null, timeZone: null };
    await store.tickets.upsertCustomer({ ...customer, role: 'agent' }, at(10));
    expect(await store.tickets.getCustomer(7)).toEqual({ ...customer, role: 'agent' });
    const trigger: TicketAudit = { ...audit(12, 1, 2), authorId: null, channel: 'rule', viaRel: 'trigger', events: [] };
    await store.tickets.replaceAudits(1, [audit(11, 1, 1), trigger]);
    expect(await store.tickets.listAudits(1)).toEqual([audit(11, 1, 1), trigger]);
  });

  it('keeps the time of the last live read when a backfilled copy is stored', async () => {
    await store.tickets.upsertTicket(ticket(1), at(10));
    await store.tickets.upsertTicket(ticket(1, { status: 'solved' }), null);
    const stored = await store.tickets.getTicket(1);
    expect(stored?.status).toBe('solved');
    expect(stored?.syncedAt).toEqual(at(10));
  });

  it('flags for recompute only tickets that got audits they did not have', async () => {
    await store.tickets.upsertTicket(ticket(1), null);
    await store.tickets.upsertTicket(ticket(2), null);
    expect(await store.tickets.addAudits([audit(11, 1, 1), audit(21, 2, 1)])).toBe(2);
    expect(await store.tickets.listTicketsNeedingRecompute(10)).toEqual([1, 2]);
    await store.tickets.saveEffort(1, emptyTimeline(1), drivers, score, at(30));
    await store.tickets.saveEffort(2, emptyTimeline(2), drivers, score, at(30));
    expect(await store.tickets.addAudits([audit(11, 1, 1), audit(22, 2, 2)])).toBe(1);
    expect(await store.tickets.listTicketsNeedingRecompute(10)).toEqual([2]);
  });

  it('keeps the recompute flag set by audits that arrived while the effort was computed', async () => {
    await store.tickets.upsertTicket(ticket(1), null);
    await store.tickets.addAudits([audit(11, 1, 1)]);
    const read = await store.tickets.listAudits(1); // a recompute reads one audit...
    await store.tickets.addAudits([audit(12, 1, 2)]); // ...a newer one arrives and flags the ticket again
    await store.tickets.saveEffort(1, emptyTimeline(1), drivers, score, at(30), '', read.length);
    expect(await store.tickets.listTicketsNeedingRecompute(10)).toEqual([1]);
    // Computed from both, the flag goes.
    await store.tickets.saveEffort(1, emptyTimeline(1), drivers, score, at(31), '', 2);
    expect(await store.tickets.listTicketsNeedingRecompute(10)).toEqual([]);
  });

  it('flags a ticket stored after its audits', async () => {
    await store.tickets.addAudits([audit(31, 3, 1)]);
    await store.tickets.upsertTicket(ticket(3), null);
    await store.tickets.upsertTicket(ticket(4), null);
    expect(await store.tickets.listTicketsNeedingRecompute(10)).toEqual([3]);
  });

  it('replaces the audits of a ticket and lists them in time order', async () => {
    await store.tickets.addAudits([audit(2, 5, 9), audit(1, 5, 1)]);
    expect((await store.tickets.listAudits(5)).map((a) => a.id)).toEqual([1, 2]);
    await store.tickets.replaceAudits(5, [audit(3, 5, 3)]);
    expect(await store.tickets.listAudits(5)).toEqual([audit(3, 5, 3)]);
  });

  it('lists the requester’s other tickets with their form and tags', async () => {
    await store.tickets.upsertTicket(ticket(1), null);
    await store.tickets.upsertTicket(ticket(2, { createdAt: at(40), formId: 12, tags: ['billing'] }), null);
    await store.tickets.upsertTicket(ticket(3, { requesterId: 8 }), null);
    expect(await store.tickets.listRequesterTickets(7, 1)).toEqual([
      { createdAt: at(40), formId: 12, tags: ['billing'] },
    ]);
  });

  it('finds the cases scored with another version, walking up from an id', async () => {
    for (const id of [1, 2, 3]) await store.tickets.upsertTicket(ticket(id), null);
    await store.tickets.saveEffort(1, emptyTimeline(1), drivers, score, at(30), 'v2');
    await store.tickets.saveEffort(2, emptyTimeline(2), drivers, score, at(30), 'v1');
    await store.tickets.saveEffort(3, emptyTimeline(3), drivers, score, at(30));
    expect(await store.tickets.listTicketsScoredOtherThan('v2', 0, 10)).toEqual([2, 3]);
    expect(await store.tickets.listTicketsScoredOtherThan('v2', 2, 10)).toEqual([3]);
    expect(await store.tickets.listTicketsScoredOtherThan('v2', 0, 1)).toEqual([2]);
    expect(await store.tickets.countTicketsScoredOtherThan('v2')).toBe(2);
    expect(await store.tickets.countTicketsScoredOtherThan('v1')).toBe(2);
  });

  it('lists CES answers since a time with the current drivers of their cases', async () => {
    for (const id of [1, 2, 3, 4]) await store.tickets.upsertTicket(ticket(id), null);
    for (const id of [1, 2, 3]) await store.tickets.saveEffort(id, emptyTimeline(id), drivers, score, at(30));
    const answer = async (ticketId: number, kind: 'CES' | 'CSAT', score: number | null, answeredAt: Date | null) =>
      store.surveys.upsertForTicket(newSurvey(ticketId, { status: 'answered', kind, score, answeredAt }), at(20));
    await answer(1, 'CES', 6, at(50));
    await answer(2, 'CSAT', 4, at(50)); // not CES
    await answer(3, 'CES', 2, at(10)); // before `since`
    await answer(4, 'CES', 5, at(50)); // no drivers stored
    expect(await store.tickets.listAnsweredCes(at(40))).toEqual([{ ticketId: 1, answeredAt: at(50), ces: 6, drivers }]);
    expect((await store.tickets.listAnsweredCes(at(0))).map((a) => a.ticketId)).toEqual([3, 1]);
  });

  it('stores the timeline, drivers and score and reads them back', async () => {
    await store.tickets.upsertTicket(ticket(1), at(10));
    const timeline: CaseTimeline = {
      ...emptyTimeline(1),
      touches: [{ auditId: 11, at: at(1), actor: 'customer', authorId: 7, channel: 'email', public: true }],
      assignments: [{ auditId: 12, at: at(2), kind: 'group', from: 1, to: 4 }],
      statusChanges: [{ auditId: 13, at: at(3), from: 'open', to: 'solved' }],
    };
    await store.tickets.saveEffort(1, timeline, drivers, score, at(30));
    const record = await store.tickets.getEffort(1);
    expect(record).toMatchObject({ drivers, score, computedAt: at(30), timeline });
    expect(await store.tickets.getEffort(2)).toBeNull();
  });

  it('reads a case’s timeline rows back in time order, and only that case’s', async () => {
    for (const id of [8, 9]) await store.tickets.upsertTicket(ticket(id), at(10));
    const touch = (auditId: number, minute: number) => ({
      auditId,
      at: at(minute),
      actor: 'agent' as const,
      authorId: 2,
      channel: 'web',
      public: false,
    });
    const statusChange = (auditId: number, minute: number) => ({ auditId, at: at(minute), from: 'new', to: 'open' });
    await store.tickets.saveEffort(8, { ...emptyTimeline(8), touches: [touch(81, 1)] }, drivers, score, at(30));
    const timeline: CaseTimeline = {
      ...emptyTimeline(9),
      touches: [touch(93, 7), touch(91, 2), touch(92, 2)],
      statusChanges: [statusChange(95, 4), statusChange(94, 3)],
    };
    await store.tickets.saveEffort(9, timeline, drivers, score, at(30));
    const read = await store.tickets.getEffort(9);
    expect(read?.timeline.touches.map((t) => t.auditId)).toEqual([91, 92, 93]);
    expect(read?.timeline.statusChanges.map((c) => c.auditId)).toEqual([94, 95]);
    expect(read?.timeline.assignments).toEqual([]);
    expect(read?.timeline.touches[0]).toEqual(touch(91, 2));
  });

  it('remembers the last effort state written', async () => {
    await store.tickets.upsertTicket(ticket(1), at(10));
    await store.tickets.setEffortStateKey(1, 'abc');
    expect((await store.tickets.getTicket(1))?.effortStateKey).toBe('abc');
  });
});
