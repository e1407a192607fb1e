/**
 * What several writers (threads of one instance, or instances) do to one ticket or survey at
 * the same time on PostgreSQL, where no single-writer lock serializes them as SQLite's does.
 * Each race holds the first writer's transaction open until the second has reached its rows.
 */
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../db/open-store.js';
import type { Store } from '../../src/ports/store.js';
import { newSurvey } from '../support/new-survey.js';
import { gate, untilDoneOrWaitingForLock } from '../support/pg-waits.js';
import { createTestPostgresDatabase } from '../support/store.js';
import { at, audit, drivers, emptyTimeline, score, ticket } from '../support/ticket-fixtures.js';

let store: Store;
let probe: pg.Pool;
beforeEach(async () => {
  const url = await createTestPostgresDatabase();
  store = await openStore(url, { migrate: true, poolSize: 6 });
  probe = new pg.Pool({ connectionString: url, max: 1 });
});
afterEach(async () => {
  await Promise.all([store.close(), probe.end()]);
});

/** Runs `first` in a transaction held open, then `second` until it waits on it (or is done), then commits. */
async function race(first: () => Promise<unknown>, second: () => Promise<unknown>): Promise<unknown[]> {
  const reached = gate();
  const commit = gate();
  const firstDone = store.atomically(async () => {
    await first();
    reached.open();
    await commit.opened;
  });
  await reached.opened;
  const secondDone = second();
  await untilDoneOrWaitingForLock(probe, secondDone);
  commit.open();
  return Promise.all([firstDone, secondDone]);
}

describe('PostgreSQL ticket store under concurrent writers', () => {
  it('flags a ticket stored while a backfill page of its audits is uncommitted', async () => {
    await race(
      () => store.tickets.addAudits([audit(31, 3, 1)]),
      () => store.tickets.upsertTicket(ticket(3), null),
    );
    expect(await store.tickets.listTicketsNeedingRecompute(10)).toEqual([3]);
  });

  it('flags a ticket whose audits arrive while its first copy is uncommitted', async () => {
    await race(
      () => store.tickets.upsertTicket(ticket(3), null),
      () => store.tickets.addAudits([audit(31, 3, 1)]),
    );
    expect(await store.tickets.listTicketsNeedingRecompute(10)).toEqual([3]);
  });

  it('keeps one timeline when the same case is saved twice at once', async () => {
    await store.tickets.upsertTicket(ticket(1), null);
    const timeline = (auditId: number) => ({
      ...emptyTimeline(1),
      touches: [{ auditId, at: at(1), actor: 'customer' as const, authorId: 7, channel: 'email', public: true }],
    });
    await race(
      () => store.tickets.saveEffort(1, timeline(11), drivers, score, at(30)),
      () => store.tickets.saveEffort(1, timeline(12), drivers, score, at(31)),
    );
    const effort = await store.tickets.getEffort(1);
    expect(effort?.timeline.touches.map((touch) => touch.auditId)).toEqual([12]);
    expect(effort?.computedAt).toEqual(at(31));
  });

  it('replaces a ticket’s audits while a backfill page holds one of them uncommitted', async () => {
    await store.tickets.upsertTicket(ticket(1), null);
    await race(
      () => store.tickets.addAudits([audit(11, 1, 1)]),
      () => store.tickets.replaceAudits(1, [audit(11, 1, 1), audit(12, 1, 2)]),
    );
    expect((await store.tickets.listAudits(1)).map((a) => a.id)).toEqual([11, 12]);
  });

  it('counts each audit once when overlapping pages are added at once, and stores a ticket written by many', async () => {
    const pages = [0, 1, 2, 3].map((page) => [1, 2, 3].map((n) => audit(page + n, 1, page + n)));
    const added = await Promise.all([
      ...pages.map((page) => store.tickets.addAudits(page)),
      ...[1, 2, 3].map(() => store.tickets.upsertTicket(ticket(1), at(9))),
    ]);
    expect(added.slice(0, 4).reduce((sum: number, n) => sum + (n as number), 0)).toBe(6);
    expect((await store.tickets.listAudits(1)).map((a) => a.id)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await store.tickets.listTicketsNeedingRecompute(10)).toEqual([1]);
  });
});

describe('PostgreSQL survey store under concurrent writers', () => {
  beforeEach(async () => {
    await store.tickets.upsertTicket(ticket(1), at(0));
  });

  it('plans one survey when two writers plan the same ticket and round at once', async () => {
    const outcomes = await Promise.allSettled([
      store.surveys.upsertForTicket(newSurvey(1, { address: '+31600000001' }), at(1)),
      store.surveys.upsertForTicket(newSurvey(1, { address: '+31600000002' }), at(1)),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = outcomes.find((o) => o.status === 'rejected');
    expect(String((rejected as PromiseRejectedResult).reason)).toMatch(/already has a survey/);
    const planned = outcomes.find((o) => o.status === 'fulfilled');
    expect(await store.surveys.getByTicket(1)).toEqual((planned as PromiseFulfilledResult<unknown>).value);
  });

  it('plans a cancelled survey again once, when two writers replan it while one is uncommitted', async () => {
    const first = await store.surveys.upsertForTicket(newSurvey(1), at(1));
    await store.surveys.update(first.id, { status: 'cancelled' }, at(2));
    const [, second] = await race(
      () => store.surveys.upsertForTicket(newSurvey(1, { scheduledFor: at(10) }), at(3)),
      () => store.surveys.upsertForTicket(newSurvey(1, { scheduledFor: at(20) }), at(3)).catch((error: Error) => error),
    );
    expect(String(second)).toMatch(/already has a survey/);
    expect(await store.surveys.getByTicket(1)).toMatchObject({
      id: first.id,
      status: 'scheduled',
      scheduledFor: at(10),
    });
  });
});
