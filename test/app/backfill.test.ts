import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BACKFILL_STATE_KEY,
  runBackfill,
  type BackfillDeps,
  type BackfillProgress,
  type BackfillState,
} from '../../src/app/backfill.js';
import type { AuditEvent, TicketAudit } from '../../src/domain/audit.js';
import { DEFAULT_EFFORT_WEIGHTS } from '../../src/domain/effort-index.js';
import type { TicketSnapshot } from '../../src/domain/ticket.js';
import { createLogger } from '../../src/logger.js';
import type { Store } from '../../src/ports/store.js';
import { ZendeskApiError } from '../../src/ports/errors.js';
import type { TicketEventsPage, TicketsPage, ZendeskPort } from '../../src/ports/zendesk.js';
import { openTestStore } from '../support/store.js';

const BOT = 999;
const sec = (iso: string) => Math.floor(Date.parse(iso) / 1000);
const SINCE = new Date('2026-03-01T00:00:00Z');
const NOW = Date.parse('2026-03-10T12:00:00Z');

const ticket = (id: number, requesterId: number, created: string, status: string): TicketSnapshot => ({
  id,
  requesterId,
  status,
  groupId: null,
  assigneeId: null,
  channel: 'email',
  tags: [],
  formId: null,
  type: null,
  subject: `ticket ${id}`,
  createdAt: new Date(created),
  updatedAt: new Date(created),
});
const audit = (
  id: number,
  ticketId: number,
  at: string,
  authorId: number,
  channel: string,
  events: AuditEvent[],
): TicketAudit => ({
  id,
  ticketId,
  createdAt: new Date(at),
  authorId,
  channel,
  events,
});
const comment = (authorId: number, isPublic = true): AuditEvent => ({
  kind: 'comment',
  authorId,
  public: isPublic,
  voice: false,
});
const status = (previous: string | null, value: string): AuditEvent => ({ kind: 'status', previous, value });
const group = (previous: number | null, value: number): AuditEvent => ({ kind: 'group', previous, value });
const assignee = (previous: number | null, value: number): AuditEvent => ({ kind: 'assignee', previous, value });

// Ticket 1 (requester 100): email -> voice -> chat, solved, reopened, moved to another team and agent.
const T1 = [
  audit(101, 1, '2026-03-02T09:00:00Z', 100, 'email', [comment(100), status(null, 'new'), group(null, 10)]),
  audit(102, 1, '2026-03-02T09:30:00Z', 200, 'web', [comment(200), assignee(null, 200), status('new', 'open')]),
  audit(103, 1, '2026-03-02T10:00:00Z', 100, 'voice', [comment(100)]),
  audit(104, 1, '2026-03-02T11:00:00Z', 200, 'web', [comment(200), status('open', 'solved')]),
  audit(105, 1, '2026-03-03T08:00:00Z', 100, 'chat', [comment(100), status('solved', 'open')]),
  audit(106, 1, '2026-03-03T08:30:00Z', 201, 'web', [
    group(10, 20),
    assignee(200, 201),
    comment(201),
    status('open', 'solved'),
  ]),
];
// Ticket 2: answered and solved on first contact.
const T2 = [
  audit(201, 2, '2026-03-04T10:00:00Z', 101, 'email', [comment(101), status(null, 'new')]),
  audit(202, 2, '2026-03-04T10:30:00Z', 200, 'web', [comment(200), status('new', 'solved')]),
];
// Ticket 3: requester 100 again within 7 days; the bot's own note must not count.
const T3 = [
  audit(301, 3, '2026-03-05T09:00:00Z', 100, 'sms', [comment(100), status(null, 'new')]),
  audit(302, 3, '2026-03-05T09:10:00Z', BOT, 'api', [comment(BOT, false)]),
  audit(303, 3, '2026-03-05T09:20:00Z', 200, 'web', [comment(200), status('new', 'open')]),
];
// Ticket 99 is not in the ticket export: its audit is stored, never recomputed.
const ORPHAN = audit(991, 99, '2026-03-05T10:00:00Z', 100, 'email', [comment(100)]);

const TICKET_PAGES: TicketsPage[] = [
  { tickets: [ticket(1, 100, '2026-03-02T09:00:00Z', 'solved')], afterCursor: 'c1', endOfStream: false },
  { tickets: [ticket(2, 101, '2026-03-04T10:00:00Z', 'solved')], afterCursor: 'c2', endOfStream: false },
  { tickets: [ticket(3, 100, '2026-03-05T09:00:00Z', 'open')], afterCursor: 'c3', endOfStream: true },
];
const E = [
  sec('2026-03-01T00:00:00Z'),
  sec('2026-03-02T12:00:00Z'),
  sec('2026-03-04T12:00:00Z'),
  sec('2026-03-05T12:00:00Z'),
];
const EVENT_PAGES: TicketEventsPage[] = [
  { audits: T1.slice(0, 4), nextStartTime: E[1]!, endOfStream: false },
  { audits: [...T1.slice(4), ...T2], nextStartTime: E[2]!, endOfStream: false },
  { audits: [...T3, ORPHAN], nextStartTime: E[3]!, endOfStream: true },
];

type Call = { kind: 'tickets' | 'events'; arg: unknown; at: number };

/** Scripted Zendesk: every request takes 1 s of fake time; events are served by time range. */
function fakeZendesk(env: Env, script: { failOnEventsCall?: number; eventPages?: TicketEventsPage[] } = {}) {
  const calls: Call[] = [];
  const pages = script.eventPages ?? EVENT_PAGES;
  const unexpected = () => Promise.reject(new Error('not used by the backfill'));
  const request = (kind: Call['kind'], arg: unknown) => {
    calls.push({ kind, arg, at: env.time });
    env.time += 1000;
  };
  const port: ZendeskPort = {
    getTicket: unexpected,
    listAudits: unexpected,
    readCase: unexpected,
    getUser: unexpected,
    updateTicket: unexpected,
    findAuditByMetadata: unexpected,
    getBotUserId: async () => BOT,
    async exportTickets(params) {
      request('tickets', params);
      return TICKET_PAGES['cursor' in params ? Number(params.cursor.slice(1)) : 0]!;
    },
    async exportTicketEvents(startTime) {
      request('events', startTime);
      if (calls.filter((c) => c.kind === 'events').length === script.failOnEventsCall) {
        throw new ZendeskApiError('Zendesk answered 500 after retries', 500, true);
      }
      const page = pages.find((p) => startTime < p.nextStartTime) ?? pages.at(-1)!;
      return page;
    },
  };
  return { port, calls };
}

interface Env {
  time: number;
  sleeps: number[];
  deps: (zendesk: ZendeskPort, store?: Store) => BackfillDeps;
}
function makeEnv(store: Store): Env {
  const env: Env = {
    time: NOW,
    sleeps: [],
    deps: (zendesk, s = store) => ({
      zendesk,
      store: s,
      logger: createLogger({ level: 'silent' }),
      effortWeights: DEFAULT_EFFORT_WEIGHTS,
      clock: { now: () => new Date(env.time) },
      sleep: async (ms) => {
        env.sleeps.push(ms);
        env.time += ms;
      },
    }),
  };
  return env;
}

/** Everything the backfill writes, minus computation times, to compare runs. */
async function snapshot(store: Store) {
  const out: Record<number, unknown> = {};
  for (const id of [1, 2, 3, 99]) {
    const effort = await store.tickets.getEffort(id);
    out[id] = {
      audits: (await store.tickets.listAudits(id)).map((a) => a.id),
      ticket: await store.tickets.getTicket(id),
      effort: effort && { drivers: effort.drivers, score: effort.score, timeline: effort.timeline },
    };
  }
  return out;
}

let store: Store;
let env: Env;
beforeEach(async () => {
  store = await openTestStore();
  env = makeEnv(store);
});
afterEach(async () => {
  await store.close();
});

const savedState = () => store.syncState.get<BackfillState>(BACKFILL_STATE_KEY);

describe('runBackfill', () => {
  it('imports every ticket and audit page, recomputes drivers and saves phase done', async () => {
    const zendesk = fakeZendesk(env);
    const progress: BackfillProgress[] = [];
    const summary = await runBackfill(env.deps(zendesk.port), { since: SINCE, onProgress: (p) => progress.push(p) });

    expect(summary).toEqual({ tickets: 3, audits: 12, auditsAdded: 12, recomputed: 3, resumed: false });
    expect(zendesk.calls.map((c) => c.arg)).toEqual([
      { startTime: E[0] },
      { cursor: 'c1' },
      { cursor: 'c2' },
      E[0],
      E[1],
      E[2],
    ]);
    expect((await store.tickets.getTicket(2))?.syncedAt).toBeNull();

    const one = await store.tickets.getEffort(1);
    expect(one?.drivers).toMatchObject({
      channelSwitches: 2,
      reopens: 1,
      teamHandoffs: 1,
      agentHandoffs: 1,
      customerContacts: 3,
      firstContactResolution: false,
    });
    expect((await store.tickets.getEffort(2))?.drivers).toMatchObject({
      channelSwitches: 0,
      reopens: 0,
      firstContactResolution: true,
      resolutionMinutes: 30,
    });
    const three = await store.tickets.getEffort(3);
    expect(three?.drivers).toMatchObject({ repeatContact: true, customerContacts: 1 });
    expect(three?.timeline.touches.map((t) => t.auditId)).toEqual([301, 303]); // the bot's note is not a touch
    expect((await store.tickets.listAudits(99)).map((a) => a.id)).toEqual([991]);
    expect(await store.tickets.getEffort(99)).toBeNull();
    expect(await store.tickets.listTicketsNeedingRecompute(10)).toEqual([]);
    expect(await savedState()).toMatchObject({ since: SINCE.toISOString(), phase: 'done' });

    expect(progress.map((p) => p.phase)).toEqual([
      'tickets',
      'tickets',
      'tickets',
      'events',
      'events',
      'events',
      'recompute',
    ]);
    expect(progress.every((p) => p.fraction >= 0 && p.fraction <= 1)).toBe(true);
    expect(progress[4]?.fraction).toBeCloseTo(3.5 / 9.5, 3); // 2026-03-04T12:00 of 2026-03-01 .. 03-10T12:00
    expect(progress.at(-1)).toEqual({ phase: 'recompute', fraction: 1, tickets: 3, audits: 12, recomputed: 3 });
  });

  it('paces export requests so that their starts are at least 6 s apart', async () => {
    const zendesk = fakeZendesk(env);
    await runBackfill(env.deps(zendesk.port), { since: SINCE });
    // Each request takes 1 s, so every later one waits the other 5 s.
    expect(env.sleeps).toEqual([5000, 5000, 5000, 5000, 5000]);
    const starts = zendesk.calls.map((c) => c.at);
    const gaps = starts.slice(1).map((at, i) => at - starts[i]!);
    expect(gaps.every((gap) => gap >= 6000)).toBe(true);
    const events = zendesk.calls.filter((c) => c.kind === 'events').map((c) => c.at);
    expect(events[1]! - events[0]!).toBe(6000);
    expect(events[2]! - events[1]!).toBe(6000);
  });

  it('resumes from the saved events position after a failure and ends like an uninterrupted run', async () => {
    const failing = fakeZendesk(env, { failOnEventsCall: 2 });
    await expect(runBackfill(env.deps(failing.port), { since: SINCE })).rejects.toThrow(ZendeskApiError);
    expect(await savedState()).toMatchObject({ phase: 'events', startTime: E[1] });

    const working = fakeZendesk(env);
    const summary = await runBackfill(env.deps(working.port), { since: SINCE });
    expect(summary).toMatchObject({ resumed: true, tickets: 0, audits: 8, recomputed: 3 });
    expect(working.calls.map((c) => [c.kind, c.arg])).toEqual([
      ['events', E[1]],
      ['events', E[2]],
    ]);

    const reference = await openTestStore();
    const refEnv = makeEnv(reference);
    await runBackfill(refEnv.deps(fakeZendesk(refEnv).port), { since: SINCE });
    expect(await snapshot(store)).toEqual(await snapshot(reference));
    await reference.close();
  });

  it('reruns safely after done with the same since: nothing is duplicated', async () => {
    await runBackfill(env.deps(fakeZendesk(env).port), { since: SINCE });
    const before = await snapshot(store);
    const again = await runBackfill(env.deps(fakeZendesk(env).port), { since: SINCE });
    expect(again).toMatchObject({ resumed: false, tickets: 3, audits: 12, auditsAdded: 0 });
    expect(await snapshot(store)).toEqual(before);
  });

  it('starts fresh when the saved run was for another since', async () => {
    await expect(
      runBackfill(env.deps(fakeZendesk(env, { failOnEventsCall: 2 }).port), { since: SINCE }),
    ).rejects.toThrow();
    const other = new Date('2026-02-20T00:00:00Z');
    const zendesk = fakeZendesk(env);
    const summary = await runBackfill(env.deps(zendesk.port), { since: other });
    expect(summary.resumed).toBe(false);
    expect(zendesk.calls[0]).toMatchObject({ kind: 'tickets', arg: { startTime: sec('2026-02-20T00:00:00Z') } });
    expect(zendesk.calls.find((c) => c.kind === 'events')?.arg).toBe(sec('2026-02-20T00:00:00Z'));
    expect(await savedState()).toMatchObject({ since: other.toISOString(), phase: 'done' });
  });

  it('stops the events export a minute before now, as Zendesk rejects later start times', async () => {
    const nearNow = (NOW + 20_000) / 1000; // after the ticket pages, this is within 60 s of now
    const zendesk = fakeZendesk(env, { eventPages: [{ audits: T1, nextStartTime: nearNow, endOfStream: false }] });
    const summary = await runBackfill(env.deps(zendesk.port), { since: SINCE });
    expect(zendesk.calls.filter((c) => c.kind === 'events')).toHaveLength(1);
    expect(summary).toMatchObject({ audits: 6, recomputed: 1 });
    expect((await savedState())?.phase).toBe('done');
  });

  it('fails instead of looping when the events export does not advance', async () => {
    const zendesk = fakeZendesk(env, { eventPages: [{ audits: T1, nextStartTime: E[0]!, endOfStream: false }] });
    await expect(runBackfill(env.deps(zendesk.port), { since: SINCE })).rejects.toThrow(/did not advance/);
    expect(await savedState()).toMatchObject({ phase: 'events', startTime: E[0] });
  });

  it('ends the recompute phase when flagged tickets are not cleared', async () => {
    const stuck: Store = {
      ...store,
      tickets: { ...store.tickets, listTicketsNeedingRecompute: async () => [1, 12345] },
    };
    await store.syncState.set(
      BACKFILL_STATE_KEY,
      { since: SINCE.toISOString(), phase: 'recompute', updatedAt: '' },
      new Date(NOW),
    );
    await store.tickets.upsertTicket(TICKET_PAGES[0]!.tickets[0]!, null);
    const summary = await runBackfill(env.deps(fakeZendesk(env).port, stuck), { since: SINCE });
    expect(summary).toMatchObject({ resumed: true, recomputed: 1 });
  });

  it('keeps a live-synced ticket that is at least as fresh as the export', async () => {
    const syncedAt = new Date(NOW - 3_600_000);
    await store.tickets.upsertTicket({ ...TICKET_PAGES[1]!.tickets[0]!, status: 'open' }, syncedAt);
    await runBackfill(env.deps(fakeZendesk(env).port), { since: SINCE });
    expect(await store.tickets.getTicket(2)).toMatchObject({ status: 'open', syncedAt });
  });

  it('refuses a since less than a minute in the past', async () => {
    await expect(runBackfill(env.deps(fakeZendesk(env).port), { since: new Date(NOW - 30_000) })).rejects.toThrow(
      RangeError,
    );
  });
});
