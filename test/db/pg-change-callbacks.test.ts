/**
 * The PostgreSQL ticket and survey stores call their change callbacks (the dashboard facts'
 * refresh) inside the transaction of the write, so the facts commit with it or not at all.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPostgres, type PgConnection } from '../../db/pg/connection.js';
import { createSurveyStore } from '../../db/pg/surveys.js';
import { createTicketStore } from '../../db/pg/tickets.js';
import { PgUnitOfWork } from '../../db/pg/unit-of-work.js';
import { newSurvey } from '../support/new-survey.js';
import { createTestPostgresDatabase } from '../support/store.js';
import { at, drivers, emptyTimeline, score, ticket } from '../support/ticket-fixtures.js';

let connection: PgConnection;
let unit: PgUnitOfWork;
/** Each call: the ticket and whether it ran inside a transaction. */
let calls: Array<{ ticketId: number; inTransaction: boolean }>;
let failWith: Error | null;
const onChange = async (ticketId: number) => {
  calls.push({ ticketId, inTransaction: unit.inTransaction() });
  if (failWith) throw failWith;
};

beforeEach(async () => {
  connection = await openPostgres(await createTestPostgresDatabase(), 2);
  unit = new PgUnitOfWork(connection);
  calls = [];
  failWith = null;
});
afterEach(async () => {
  await connection.pool.end();
});

describe('PostgreSQL change callbacks', () => {
  it('tells of each saved effort inside its transaction, and a failing callback saves nothing', async () => {
    const tickets = createTicketStore(unit, onChange);
    await tickets.upsertTicket(ticket(1), at(1));
    await tickets.saveEffort(1, emptyTimeline(1), drivers, score, at(2));
    expect(calls).toEqual([{ ticketId: 1, inTransaction: true }]);
    failWith = new Error('facts failed');
    await expect(tickets.saveEffort(1, emptyTimeline(1), drivers, { ...score, index: 80 }, at(3))).rejects.toThrow(
      'facts failed',
    );
    expect(await tickets.getEffort(1)).toMatchObject({ score, computedAt: at(2) });
  });

  it('tells of each survey planned or updated inside its transaction, and a failing callback writes nothing', async () => {
    const tickets = createTicketStore(unit, onChange);
    const surveys = createSurveyStore(unit, onChange);
    await tickets.upsertTicket(ticket(4), at(1));
    const planned = await surveys.upsertForTicket(newSurvey(4), at(1));
    await surveys.update(planned.id, { status: 'sent', sentAt: at(2) }, at(2));
    expect(calls).toEqual([
      { ticketId: 4, inTransaction: true },
      { ticketId: 4, inTransaction: true },
    ]);
    failWith = new Error('facts failed');
    await expect(surveys.update(planned.id, { status: 'answered', score: 2 }, at(3))).rejects.toThrow('facts failed');
    await expect(surveys.upsertForTicket(newSurvey(4, { round: 2 }), at(3))).rejects.toThrow('facts failed');
    expect(await surveys.getByTicket(4)).toMatchObject({ id: planned.id, status: 'sent', score: null });
  });
});
