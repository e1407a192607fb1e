import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SUM_FIELDS } from '../../src/domain/dashboard/effort-sums.js';
import type { Store } from '../../src/ports/store.js';
import { seedCase } from '../support/dashboard-cases.js';
import { STORE_BACKENDS } from '../support/store.js';

const DAY = 86_400_000;
const start = Date.UTC(2026, 9, 1);
const year = { from: new Date(start - 365 * DAY), to: new Date(start + 365 * DAY) };
describe.each(STORE_BACKENDS)('$name: dashboard facts', ({ open }) => {
  let store: Store;
  beforeEach(async () => {
    store = await open();
  });
  afterEach(async () => {
    await store.close();
  });

  it('sums each case into its solve day, team, channel and form', async () => {
    await seedCase(store, {
      id: 1,
      createdAt: new Date(start + 3_600_000),
      team: 5,
      channel: 'email',
      effortIndex: 40,
      survey: { score: 6 },
    });
    await seedCase(store, {
      id: 2,
      createdAt: new Date(start + 7_200_000),
      team: 5,
      channel: 'email',
      effortIndex: 20,
      survey: { score: 2 },
    });
    // Created late on day 0, solved on day 1: it counts on day 1.
    await seedCase(store, {
      id: 3,
      createdAt: new Date(start + DAY - 60_000),
      resolutionMinutes: 120,
      team: 6,
      channel: 'chat',
      form: 9,
      survey: { score: null },
    });
    const days = await store.dashboard.dailyTotals(year);
    expect(days.map((d) => [d.start, d.sums.cases])).toEqual([
      [start, 2],
      [start + DAY, 1],
    ]);
    const first = days[0]!.sums;
    expect([first.cesN, first.cesSum, first.cesSumSquares, first.cesEasy, first.indexSum]).toEqual([2, 8, 40, 1, 60]);
    expect([first.sentSms, first.answeredSms]).toEqual([2, 2]);
    expect([days[1]!.sums.sentSms, days[1]!.sums.answeredSms, days[1]!.sums.cesN]).toEqual([1, 0, 0]);

    const byTeam = await store.dashboard.breakdown(year, 'team');
    expect(byTeam.map((r) => [r.key, r.sums.cases]).sort()).toEqual([
      ['5', 2],
      ['6', 1],
    ]);
    expect((await store.dashboard.dailyTotals({ ...year, form: 9 })).map((d) => d.sums.cases)).toEqual([1]);
    expect((await store.dashboard.dailyTotals({ ...year, channel: 'chat', team: 5 })).length).toBe(0);
    expect(await store.dashboard.dimensions()).toEqual({ teams: [5, 6], channels: ['chat', 'email'], forms: [-1, 9] });
  });

  it('moves a case out of its old cell when it is written again (new team, new answer, new day)', async () => {
    await seedCase(store, { id: 1, createdAt: new Date(start), team: 5, effortIndex: 40 });
    await seedCase(store, {
      id: 1,
      createdAt: new Date(start + 2 * DAY),
      team: 6,
      effortIndex: 70,
      survey: { score: 3 },
    });
    const days = await store.dashboard.dailyTotals(year);
    expect(days.map((d) => [d.start, d.sums.cases, d.sums.indexSum, d.sums.cesN])).toEqual([
      [start + 2 * DAY, 1, 70, 1],
    ]);
    expect((await store.dashboard.breakdown(year, 'team')).map((r) => r.key)).toEqual(['6']);
    const cases = await store.dashboard.listCases(year, 'effort', 10, 0);
    expect(cases.map((c) => [c.ticketId, c.team, c.effortIndex, c.survey?.score])).toEqual([[1, 6, 70, 3]]);
  });

  it('keeps the daily sums equal to the sums of its cases after many rewrites', async () => {
    for (let i = 0; i < 60; i++) {
      const id = (i % 20) + 1;
      await seedCase(store, {
        id,
        createdAt: new Date(start + (i % 7) * DAY),
        team: (i % 3) + 1,
        channel: ['email', 'chat'][i % 2],
        effortIndex: (i * 13) % 100,
        drivers: { teamHandoffs: i % 4, reopens: i % 2 },
        survey: i % 5 === 0 ? undefined : { score: (i % 7) + 1 },
      }).catch((error: Error) => {
        // A survey that went out is never planned again (one per ticket): the case keeps its first.
        if (!/already has a survey/.test(error.message)) throw error;
      });
    }
    const totals = Object.fromEntries(SUM_FIELDS.map((f) => [f, 0])) as Record<string, number>;
    for (const day of await store.dashboard.dailyTotals(year)) for (const f of SUM_FIELDS) totals[f]! += day.sums[f];
    const cases = await store.dashboard.listCases(year, 'recent', 1000, 0);
    expect(totals.cases).toBe(20);
    expect(cases).toHaveLength(20);
    expect(totals.indexSum).toBe(cases.reduce((a, c) => a + c.effortIndex, 0));
    expect(totals.teamHandoffs).toBe(cases.reduce((a, c) => a + c.drivers.teamHandoffs, 0));
    const answered = cases.filter((c) => c.survey?.score != null);
    expect(totals.cesN).toBe(answered.length);
    expect(totals.cesSum).toBe(answered.reduce((a, c) => a + c.survey!.score!, 0));
  });

  it('lists the highest effort first, and answered CES cases for the model', async () => {
    await seedCase(store, {
      id: 1,
      createdAt: new Date(start),
      effortIndex: 10,
      survey: { score: 7, verbatim: 'quick' },
    });
    await seedCase(store, {
      id: 2,
      createdAt: new Date(start + DAY),
      effortIndex: 90,
      survey: { score: 1, verbatim: 'three teams' },
    });
    await seedCase(store, { id: 3, createdAt: new Date(start + 2 * DAY), effortIndex: 50 });
    expect((await store.dashboard.listCases(year, 'effort', 2, 0)).map((c) => c.ticketId)).toEqual([2, 3]);
    expect((await store.dashboard.listCases(year, 'recent', 10, 1)).map((c) => c.ticketId)).toEqual([2, 1]);
    const answered = await store.dashboard.answeredCesCases(year, 10);
    // The effort model's input: the answer and every driver, newest first.
    expect(
      answered.map((c) => [
        c.ces,
        c.drivers.customerContacts,
        c.drivers.firstContactResolution,
        c.drivers.resolutionMinutes,
      ]),
    ).toEqual([
      [1, 1, true, 60],
      [7, 1, true, 60],
    ]);
  });
});

// SQLite only: its in-memory day cache must notice another process's commits (PostgreSQL reads the table each time).
describe('SQLite: dashboard sums read through the day cache', () => {
  it('sees cases another process wrote to the same database', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { openStore } = await import('../../db/open-store.js');
    const folder = mkdtempSync(join(tmpdir(), 'effortless-dashboard-'));
    const path = join(folder, 'shared.db');
    const server = await openStore(path, { migrate: true });
    const backfill = await openStore(path, { migrate: false });
    try {
      await seedCase(server, { id: 1, createdAt: new Date(start), team: 5 });
      expect((await server.dashboard.dailyTotals(year)).map((d) => d.sums.cases)).toEqual([1]);
      // A second connection (the backfill verb in its own process) adds a case to the same day and one to the next.
      await seedCase(backfill, { id: 2, createdAt: new Date(start + 60_000), team: 5 });
      await seedCase(backfill, { id: 3, createdAt: new Date(start + DAY), team: 6 });
      expect((await server.dashboard.dailyTotals(year)).map((d) => d.sums.cases)).toEqual([2, 1]);
      expect((await server.dashboard.dimensions()).teams).toEqual([5, 6]);
    } finally {
      await backfill.close();
      await server.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
