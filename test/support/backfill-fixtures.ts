/**
 * A scripted backfill: three tickets (two solved), their audit pages and a fake Zendesk serving
 * the exports in fake time, shared by the backfill tests.
 */
import type { BackfillDeps } from '../../src/app/backfill.js';
import type { AuditEvent, TicketAudit } from '../../src/domain/audit.js';
import { DEFAULT_EFFORT_WEIGHTS } from '../../src/domain/effort-index.js';
import type { TicketSnapshot } from '../../src/domain/ticket.js';
import { createLogger } from '../../src/logger.js';
import type { Store } from '../../src/ports/store.js';
import { ZendeskApiError } from '../../src/ports/errors.js';
import type { TicketEventsPage, TicketsPage, ZendeskPort } from '../../src/ports/zendesk.js';

export const BOT = 999;
export const sec = (iso: string) => Math.floor(Date.parse(iso) / 1000);
export const SINCE = new Date('2026-03-01T00:00:00Z');
export const NOW = Date.parse('2026-03-10T12:00:00Z');

export const ticket = (id: number, requesterId: number, created: string, status: string): TicketSnapshot => ({
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
export const audit = (
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
export const comment = (authorId: number, isPublic = true): AuditEvent => ({
  kind: 'comment',
  authorId,
  public: isPublic,
  voice: false,
});
export const status = (previous: string | null, value: string): AuditEvent => ({ kind: 'status', previous, value });
export const group = (previous: number | null, value: number): AuditEvent => ({ kind: 'group', previous, value });
export const assignee = (previous: number | null, value: number): AuditEvent => ({ kind: 'assignee', previous, value });

// Ticket 1 (requester 100): email -> voice -> chat, solved, reopened, moved to another team and agent.
export const T1 = [
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
export const T2 = [
  audit(201, 2, '2026-03-04T10:00:00Z', 101, 'email', [comment(101), status(null, 'new')]),
  audit(202, 2, '2026-03-04T10:30:00Z', 200, 'web', [comment(200), status('new', 'solved')]),
];
// Ticket 3: requester 100 again within 7 days; the bot's own note must not count.
export const T3 = [
  audit(301, 3, '2026-03-05T09:00:00Z', 100, 'sms', [comment(100), status(null, 'new')]),
  audit(302, 3, '2026-03-05T09:10:00Z', BOT, 'api', [comment(BOT, false)]),
  audit(303, 3, '2026-03-05T09:20:00Z', 200, 'web', [comment(200), status('new', 'open')]),
];
// Ticket 99 is not in the ticket export: its audit is stored, never recomputed.
export const ORPHAN = audit(991, 99, '2026-03-05T10:00:00Z', 100, 'email', [comment(100)]);

export const TICKET_PAGES: TicketsPage[] = [
  { tickets: [ticket(1, 100, '2026-03-02T09:00:00Z', 'solved')], afterCursor: 'c1', endOfStream: false },
  { tickets: [ticket(2, 101, '2026-03-04T10:00:00Z', 'solved')], afterCursor: 'c2', endOfStream: false },
  { tickets: [ticket(3, 100, '2026-03-05T09:00:00Z', 'open')], afterCursor: 'c3', endOfStream: true },
];
export const E = [
  sec('2026-03-01T00:00:00Z'),
  sec('2026-03-02T12:00:00Z'),
  sec('2026-03-04T12:00:00Z'),
  sec('2026-03-05T12:00:00Z'),
];
export const EVENT_PAGES: TicketEventsPage[] = [
  { audits: T1.slice(0, 4), nextStartTime: E[1]!, endOfStream: false },
  { audits: [...T1.slice(4), ...T2], nextStartTime: E[2]!, endOfStream: false },
  { audits: [...T3, ORPHAN], nextStartTime: E[3]!, endOfStream: true },
];

export type Call = { kind: 'tickets' | 'events'; arg: unknown; at: number };

/** Scripted Zendesk: every request takes 1 s of fake time; events are served by time range. */
export function fakeZendesk(env: Env, script: { failOnEventsCall?: number; eventPages?: TicketEventsPage[] } = {}) {
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

export interface Env {
  time: number;
  sleeps: number[];
  deps: (zendesk: ZendeskPort, store?: Store) => BackfillDeps;
}
export function makeEnv(store: Store): Env {
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
export async function snapshot(store: Store) {
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
