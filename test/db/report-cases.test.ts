import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EffortScore } from '../../src/domain/drivers.js';
import type { TicketSnapshot } from '../../src/domain/ticket.js';
import type { Store } from '../../src/ports/store.js';
import { NO_DRIVERS } from '../support/report-cases.js';
import { answeredSurvey } from '../support/seed-ticket.js';
import { STORE_BACKENDS } from '../support/store.js';

let store: Store;

const created = new Date('2026-11-20T10:00:00Z');
const score: EffortScore = { index: 33, level: 'medium', contributions: [] };

async function addCase(id: number, status: string, resolutionMinutes: number | null): Promise<void> {
  const ticket: TicketSnapshot = {
    id,
    requesterId: 7,
    status,
    groupId: 4,
    assigneeId: 2,
    channel: 'email',
    tags: [],
    formId: 9,
    type: null,
    subject: `Case ${id}`,
    createdAt: created,
    updatedAt: created,
  };
  await store.tickets.upsertTicket(ticket, created);
  const timeline = {
    ticketId: id,
    requesterId: 7,
    createdAt: created,
    touches: [],
    assignments: [],
    statusChanges: [],
  };
  await store.tickets.saveEffort(id, timeline, { ...NO_DRIVERS, resolutionMinutes }, score, created);
}

describe.each(STORE_BACKENDS)('report cases ($name)', ({ open }) => {
  beforeEach(async () => {
    store = await open();
  });
  afterEach(async () => {
    await store.close();
  });

  it('lists the cases solved in the period with their drivers and survey, solve time from the resolution', async () => {
    const day = 24 * 60;
    await addCase(1, 'solved', 1 * day); // solved 11-21: before
    await addCase(2, 'solved', 4 * day); // 11-24: in
    await addCase(3, 'closed', 10 * day - 1); // 11-30 09:59: in, last minute
    await addCase(4, 'open', null); // not solved
    await addCase(5, 'solved', 10 * day); // 11-30 10:00: the end is excluded
    await store.surveys.upsertForTicket(answeredSurvey(2, created, { score: 3, verbatim: 'slow' }), created);
    const cases = await store.reports.listSolvedCases(
      new Date('2026-11-23T00:00:00Z'),
      new Date('2026-11-30T10:00:00Z'),
    );
    expect(cases.map((c) => c.ticketId).sort()).toEqual([2, 3]);
    const two = cases.find((c) => c.ticketId === 2);
    expect(two).toMatchObject({
      groupId: 4,
      formId: 9,
      channel: 'email',
      effortIndex: 33,
      effortLevel: 'medium',
      solvedAt: new Date('2026-11-24T10:00:00Z'),
      survey: { kind: 'CES', sent: true, score: 3, verbatim: 'slow' },
    });
    expect(two?.drivers.resolutionMinutes).toBe(4 * day);
    expect(cases.find((c) => c.ticketId === 3)?.survey).toBeNull();
  });
});
