import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildService, type Service } from '../../compose/build-service.js';
import { openStore } from '../../db/open-store.js';
import type { AuditEvent, TicketAudit } from '../../src/domain/audit.js';
import { loadConfig } from '../../src/config/load-config.js';
import { createLogger } from '../../src/logger.js';
import { ZENDESK_PROVIDER } from '../../src/ports/inbox.js';
import type { Store } from '../../src/ports/store.js';
import { FakeZendesk } from '../support/fake-zendesk.js';
import { FakeSms } from '../support/survey-harness.js';

/**
 * A process that dies: every store call from the `diesAt`-th on throws, as if the process
 * had been killed there. An open transaction then rolls back, as SQLite's journal would on
 * restart; a row being worked on keeps its lease until it runs out.
 */
export class ProcessDied extends Error {}

export function storeThatDies(store: Store, diesAt: number): { store: Store; calls: () => number } {
  let calls = 0;
  const wrap = <T extends object>(repository: T): T =>
    Object.fromEntries(
      Object.entries(repository).map(([name, value]) => [
        name,
        typeof value === 'function'
          ? (...args: unknown[]) => {
              calls += 1;
              if (calls >= diesAt) return Promise.reject(new ProcessDied(`died at store call ${calls} (${name})`));
              return (value as (...a: unknown[]) => unknown).apply(repository, args);
            }
          : value,
      ]),
    ) as T;
  const dying: Store = {
    ...store,
    deliveries: wrap(store.deliveries),
    tickets: wrap(store.tickets),
    outbox: wrap(store.outbox),
    syncState: wrap(store.syncState),
    surveys: wrap(store.surveys),
    optOuts: wrap(store.optOuts),
    alertSamples: wrap(store.alertSamples),
    alerts: wrap(store.alerts),
  };
  return { store: dying, calls: () => calls };
}

const REQUESTER = 9001;
const AGENT = 7002;
const START = Date.UTC(2026, 2, 2, 10, 0);
const comment = (authorId: number): AuditEvent => ({ kind: 'comment', authorId, public: true, voice: false });

/** The outside world, which outlives every process: Zendesk with solved tickets, Twilio. */
export function outsideWorld(ticketIds: number[]) {
  const zendesk = new FakeZendesk();
  const sms = new FakeSms();
  for (const id of ticketIds) {
    // One customer per ticket: the cooldown would otherwise skip every survey after the first.
    const requester = REQUESTER + id;
    zendesk.users.set(requester, {
      id: requester,
      name: 'Ann',
      email: null,
      phone: phoneOf(id),
      locale: 'nl',
      timeZone: 'Europe/Amsterdam',
    });
    const at = (minutes: number) => new Date(START - 3_600_000 + minutes * 60_000);
    zendesk.tickets.set(id, {
      id,
      requesterId: requester,
      status: 'solved',
      groupId: 1,
      assigneeId: AGENT,
      channel: 'sms',
      tags: [],
      formId: null,
      type: null,
      subject: 'Parcel late',
      createdAt: at(0),
      updatedAt: at(30),
    });
    const audits: TicketAudit[] = [
      {
        id: id * 10 + 1,
        ticketId: id,
        createdAt: at(0),
        authorId: requester,
        channel: 'sms',
        events: [comment(requester), { kind: 'status', value: 'new', previous: null }],
      },
      {
        id: id * 10 + 2,
        ticketId: id,
        createdAt: at(30),
        authorId: AGENT,
        channel: 'web',
        events: [comment(AGENT), { kind: 'status', value: 'solved', previous: 'new' }],
      },
    ];
    zendesk.audits.set(id, audits);
  }
  return { zendesk, sms };
}

export type World = ReturnType<typeof outsideWorld>;

const phoneOf = (ticketId: number) => `+316${String(10_000_000 + ticketId).slice(-8)}`;

export function tempDatabase(): { url: string; remove: () => void } {
  const folder = mkdtempSync(join(tmpdir(), 'effortless-crash-'));
  return {
    url: `file:${join(folder, 'effortless.db')}`,
    remove: () => rmSync(folder, { recursive: true, force: true }),
  };
}

/** One process's life on the shared database: its own clock, its own memory, the same outside world. */
export async function startProcess(url: string, world: World, minutesIn: number, options: { diesAt?: number } = {}) {
  const config = loadConfig(
    {
      DATABASE_URL: url,
      ZENDESK_URL: 'http://zendesk.test',
      ZENDESK_EMAIL: 'bot@example.com',
      ZENDESK_API_TOKEN: 't',
      TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
      TWILIO_AUTH_TOKEN: 't',
      TWILIO_FROM: '+3197010000000',
      PORT: '0',
    },
    { cwd: tmpdir() },
  );
  const real = await openStore(url, { migrate: true });
  const dying = options.diesAt === undefined ? null : storeThatDies(real, options.diesAt);
  const clock = { now: () => new Date(START + minutesIn * 60_000) };
  let service: Service;
  try {
    service = await buildService(config, {
      store: dying?.store ?? real,
      clock,
      logger: createLogger({ level: 'silent' }),
      manualWorkers: true,
      integrations: { zendesk: world.zendesk, sms: world.sms, slack: null, alertPoster: null, slackRouter: null },
    });
  } catch (error) {
    await real.close();
    throw error;
  }
  return { service, real, storeCalls: () => dying?.calls() ?? 0 };
}

export async function queueSolvedDeliveries(store: Store, ticketIds: number[]): Promise<void> {
  for (const id of ticketIds) {
    await store.deliveries.add({
      provider: ZENDESK_PROVIDER,
      deliveryId: `solved-${id}`,
      eventType: 'zendesk-trigger',
      rawBody: JSON.stringify({ effortless: 'zendesk-trigger/1', ticket_id: String(id), status: 'solved' }),
      receivedAt: new Date(START),
      orderingKey: `ticket:${id}`,
    });
  }
}

/** Runs the workers until nothing is due, or until the process dies; true when it died. */
export async function runUntilIdleOrDeath(service: Service): Promise<boolean> {
  try {
    await service.workers.runUntilIdle();
    return false;
  } catch (error) {
    if (error instanceof ProcessDied) return true;
    throw error;
  }
}

/** What a run leaves behind, inside and outside, in a form two runs can be compared by. */
export async function endState(store: Store, world: World, ticketIds: number[]) {
  const surveys = await Promise.all(ticketIds.map((id) => store.surveys.getByTicket(id)));
  return {
    inbox: await store.deliveries.countByStatus(),
    outbox: await store.outbox.countByStatus(),
    surveys: surveys.map((s) => s && { status: s.status, channel: s.channel, kind: s.kind }),
    effort: await Promise.all(ticketIds.map(async (id) => (await store.tickets.getEffort(id))?.score.index ?? null)),
    smsPerTicket: ticketIds.map((id) => world.sms.taken.filter((m) => m.to === phoneOf(id)).length),
    zendeskWritesPerTicket: ticketIds.map((id) => world.zendesk.updates.filter((u) => u.ticketId === id).length),
  };
}
