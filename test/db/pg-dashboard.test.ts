/**
 * The PostgreSQL dashboard facts and reads, until the PostgreSQL ticket and survey stores
 * exist to seed through (then test/db/dashboard.test.ts runs on both backends): the same
 * ticket, driver and survey rows are written into both databases, and every read must agree
 * with SQLite's. Then what only PostgreSQL has: several writers at once.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqlite, type SqliteConnection } from '../../db/connection.js';
import { applyMigrations } from '../../db/migrate.js';
import { openPostgres, type PgConnection } from '../../db/pg/connection.js';
import { createDashboardStore } from '../../db/pg/dashboard.js';
import { createDashboardFacts } from '../../db/pg/dashboard-facts.js';
import * as pgSchema from '../../db/pg/schema.js';
import { PgUnitOfWork } from '../../db/pg/unit-of-work.js';
import * as sqliteSchema from '../../db/schema.js';
import { DashboardDayCache } from '../../db/sqlite/dashboard-day-cache.js';
import { createDashboardStore as createSqliteDashboard } from '../../db/sqlite/dashboard.js';
import { createDashboardFacts as createSqliteFacts } from '../../db/sqlite/dashboard-facts.js';
import { mulberry32, type Rng } from '../../src/domain/alerts/seeded-random.js';
import type { DashboardFilter, DashboardStore } from '../../src/ports/dashboard-store.js';
import { createTestPostgresDatabase } from '../support/store.js';

const DAY = 86_400_000;
const start = Date.UTC(2026, 9, 1);

interface CaseRows {
  ticket: typeof pgSchema.tickets.$inferInsert;
  drivers: typeof pgSchema.ticketDrivers.$inferInsert;
  survey: typeof pgSchema.surveys.$inferInsert | null;
}

const pick = <T>(rng: Rng, values: readonly T[]): T => values[Math.floor(rng() * values.length)]!;

/** One case's rows, drawn from `rng`: teams, channels, forms, open or solved, any survey kind and channel. */
function randomCase(id: number, rng: Rng): CaseRows {
  const createdAt = start + Math.floor(rng() * 5 * DAY);
  const solved = rng() < 0.8;
  const kind = pick(rng, ['CES', 'CSAT', 'NPS'] as const);
  const max = kind === 'CES' ? 7 : kind === 'CSAT' ? 5 : 10;
  return {
    ticket: {
      id,
      status: solved ? 'solved' : 'open',
      groupId: pick(rng, [5, 6, null]),
      channel: pick(rng, ['email', 'chat', 'Web']),
      formId: pick(rng, [9, null]),
      subject: `Case ${id}`,
      createdAt,
      updatedAt: createdAt,
    },
    drivers: {
      ticketId: id,
      channelSwitches: Math.floor(rng() * 3),
      teamHandoffs: Math.floor(rng() * 3),
      agentHandoffs: Math.floor(rng() * 2),
      reopens: Math.floor(rng() * 2),
      customerContacts: 1 + Math.floor(rng() * 3),
      repeatContact: rng() < 0.3,
      firstContactResolution: rng() < 0.5,
      resolutionMinutes: solved ? Math.floor(rng() * 3000) : null,
      customerWaitMinutes: Math.floor(rng() * 500),
      effortIndex: Math.floor(rng() * 100),
      effortLevel: pick(rng, ['low', 'medium', 'high'] as const),
      contributions: [{ driver: 'reopens', points: Math.floor(rng() * 10) }],
      computedAt: createdAt,
    },
    survey:
      rng() < 0.3
        ? null
        : {
            ticketId: id,
            kind,
            channel: pick(rng, ['sms', 'slack', 'whatsapp', null] as const),
            status: 'sent',
            language: 'en',
            sentAt: rng() < 0.9 ? createdAt : null,
            score: rng() < 0.6 ? 1 + Math.floor(rng() * max) : null,
            verbatim: rng() < 0.3 ? 'It took long' : null,
            createdAt,
            updatedAt: createdAt,
          },
  };
}

/** Writes a case's rows into either database (the same column names on both sides). */
async function writeCase(db: PgConnection['db'] | SqliteConnection['db'], schema: typeof pgSchema, c: CaseRows) {
  const d = db as PgConnection['db'];
  await d.insert(schema.tickets).values(c.ticket).onConflictDoUpdate({ target: schema.tickets.id, set: c.ticket });
  await d
    .insert(schema.ticketDrivers)
    .values(c.drivers)
    .onConflictDoUpdate({ target: schema.ticketDrivers.ticketId, set: c.drivers });
  if (c.survey)
    await d
      .insert(schema.surveys)
      .values(c.survey)
      .onConflictDoUpdate({ target: [schema.surveys.ticketId, schema.surveys.round], set: c.survey });
}

let pgConnections: PgConnection[] = [];
let sqlite: SqliteConnection;
beforeEach(async () => {
  const url = await createTestPostgresDatabase();
  pgConnections = [await openPostgres(url, 4), await openPostgres(url, 4)];
  sqlite = openSqlite(':memory:');
  applyMigrations(sqlite, ':memory:');
});
afterEach(async () => {
  await Promise.all(pgConnections.map((c) => c.pool.end()));
  sqlite.sqlite.close();
});

/** Both backends' facts and reads over their databases. */
function backends() {
  const [connection] = pgConnections as [PgConnection];
  const unit = new PgUnitOfWork(connection);
  const pgFacts = createDashboardFacts(unit);
  const cache = new DashboardDayCache(sqlite.sqlite);
  const sqliteFacts = createSqliteFacts(sqlite.sqlite, (day) => cache.markStale(day));
  return {
    pg: createDashboardStore(unit),
    sqlite: createSqliteDashboard(sqlite.sqlite, cache),
    async write(c: CaseRows) {
      await unit.atomically(async () => {
        await writeCase(unit.db, pgSchema, c);
        await pgFacts.refresh(c.ticket.id);
      });
      await writeCase(sqlite.db, sqliteSchema as unknown as typeof pgSchema, c);
      sqliteFacts.refresh(c.ticket.id);
    },
  };
}

async function everyRead(store: DashboardStore, filter: DashboardFilter) {
  const byKey = <T extends { key: string }>(rows: T[]) => [...rows].sort((a, b) => (a.key < b.key ? -1 : 1));
  return {
    days: await store.dailyTotals(filter),
    teams: byKey(await store.breakdown(filter, 'team')),
    channels: byKey(await store.breakdown(filter, 'channel')),
    forms: byKey(await store.breakdown(filter, 'form')),
    recent: await store.listCases(filter, 'recent', 500, 0),
    page: await store.listCases(filter, 'recent', 5, 3),
    answered: await store.answeredCesCases(filter, 500),
    dimensions: await store.dimensions(),
  };
}

describe('PostgreSQL dashboard', () => {
  it('reads the same sums, cases and answers as SQLite after cases are written and rewritten', async () => {
    const rng = mulberry32(20261130);
    const both = backends();
    for (let id = 1; id <= 60; id++) await both.write(randomCase(id, rng));
    // Rewrites: new team, day, survey or status for a third of them.
    for (let id = 1; id <= 60; id += 3) await both.write(randomCase(id, rng));
    const filters: DashboardFilter[] = [
      { from: new Date(start - DAY), to: new Date(start + 10 * DAY) },
      { from: new Date(start + DAY + 3_600_000), to: new Date(start + 3 * DAY) },
      { from: new Date(start - DAY), to: new Date(start + 10 * DAY), team: 5, channel: 'email' },
      { from: new Date(start - DAY), to: new Date(start + 10 * DAY), team: -1, form: 9 },
    ];
    for (const filter of filters) {
      const [pg, lite] = [await everyRead(both.pg, filter), await everyRead(both.sqlite, filter)];
      expect(pg.days.length).toBeGreaterThan(0);
      // Ties in `at` may come in either order; the set and the order of distinct times agree.
      expect(pg.recent.map((c) => c.at.getTime())).toEqual(lite.recent.map((c) => c.at.getTime()));
      const byTicket = (cases: typeof pg.recent) => [...cases].sort((a, b) => a.ticketId - b.ticketId);
      expect(byTicket(pg.recent)).toEqual(byTicket(lite.recent));
      expect({ ...pg, recent: null, page: pg.page.length }).toEqual({ ...lite, recent: null, page: lite.page.length });
    }
  });

  it('keeps every day cell equal to the sum of its cases when two instances write different cases of one cell at once', async () => {
    const units = pgConnections.map((c) => new PgUnitOfWork(c));
    const rng = mulberry32(7);
    const cases = Array.from({ length: 40 }, (_, i) => {
      const c = randomCase(i + 1, rng);
      // One cell: same day, team, channel and form.
      return {
        ...c,
        ticket: { ...c.ticket, createdAt: start, groupId: 5, channel: 'email', formId: null },
        drivers: { ...c.drivers, resolutionMinutes: 60 },
      };
    });
    await Promise.all(
      cases.map((c, i) => {
        const unit = units[i % 2]!;
        const facts = createDashboardFacts(unit);
        return unit.atomically(async () => {
          await writeCase(unit.db, pgSchema, c);
          await facts.refresh(c.ticket.id);
        });
      }),
    );
    const store = createDashboardStore(units[0]!);
    const [day] = await store.dailyTotals({ from: new Date(start), to: new Date(start + DAY) });
    expect(day?.sums.cases).toBe(40);
    expect(day?.sums.indexSum).toBe(cases.reduce((n, c) => n + (c.drivers.effortIndex as number), 0));
  });

  it('counts a case once when two instances refresh it at the same time, over and over', async () => {
    const units = pgConnections.map((c) => new PgUnitOfWork(c));
    const c = randomCase(1, mulberry32(3));
    await units[0]!.atomically(() => writeCase(units[0]!.db, pgSchema, c));
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => {
        const unit = units[i % 2]!;
        return unit.atomically(() => createDashboardFacts(unit).refresh(1));
      }),
    );
    const days = await createDashboardStore(units[1]!).dailyTotals({
      from: new Date(start - DAY),
      to: new Date(start + 10 * DAY),
    });
    expect(days.map((d) => d.sums.cases)).toEqual([1]);
    expect(days[0]?.sums.indexSum).toBe(c.drivers.effortIndex);
  });
});
