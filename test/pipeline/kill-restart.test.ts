import { afterAll, describe, expect, it } from 'vitest';
import {
  freePort,
  queueCounts,
  serviceEnv,
  serviceFolder,
  settled,
  sleep,
  spawnService,
  streamSolvedWebhooks,
  until,
  waitReady,
  type ServiceProcess,
} from './service-process.js';
import type { FaultRequest } from '../../demo/stand-ins/start-stand-ins.js';
import { mulberry32 } from '../../src/domain/alerts/seeded-random.js';
import { startWorld, type World } from './solved-world.js';

/**
 * "Nothing lost, nothing twice" with a real process and real sockets: `effortless serve`
 * works through a stream of signed solved-ticket webhooks against stand-ins that answer
 * after 100 ms, is killed with SIGKILL three times at seeded random moments, always mid-work:
 * after a random number of answered upstream calls (usually with calls in flight), then at a
 * random effort write-back and at a random survey SMS that the provider applies with no one
 * left to hear the answer. It is restarted on the same database each time. In the end every ticket has exactly one survey SMS at Twilio
 * and one effort write-back at Zendesk, and nothing is left in the queues.
 *
 * A killed process's rows stay leased: WORK_LEASE_SECONDS=2 makes them due again two seconds
 * later instead of thirty. A send it died in is reconciled by the next process (Twilio's
 * Messages list, the ticket's audits) before anything is sent again.
 */
const TICKETS = Array.from({ length: 60 }, (_, i) => 1001 + i);
const SEED = Number(process.env.KILL_RESTART_SEED ?? 20261130);

const cleanup: Array<() => unknown> = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

/** SIGKILLs `service` right after the stand-ins answered its `calls`-th upstream request. */
function killAfterCalls(world: World, service: ServiceProcess, calls: number): Promise<Death> {
  const { zendesk, twilio } = world.standIns;
  let seen = 0;
  return new Promise((resolve) => {
    const onCall = () => {
      seen += 1;
      if (seen !== calls) return;
      service.child.kill('SIGKILL');
      for (const stop of stops) stop();
      resolve(deathOf(world));
    };
    const stops = [zendesk.state.onCall(onCall), twilio.state.onCall(onCall)];
  });
}

/**
 * SIGKILLs `service` when `provider`'s stand-in receives its `writes`-th send (a ticket `PUT`
 * at Zendesk, an SMS `POST` at Twilio), after the delay and just before applying it: the send
 * takes effect and nobody hears the answer, the case the next process must recognise. The
 * fault hook serves as a probe here; it never injects anything.
 */
function killAtSend(
  world: World,
  service: ServiceProcess,
  provider: 'zendesk' | 'twilio',
  writes: number,
): Promise<Death> {
  let seen = 0;
  return new Promise((resolve) => {
    const stop = world.standIns[provider].state.faults.inject({
      fault: { kind: 'hang' },
      match: (request: FaultRequest) => {
        if (request.method === 'GET' || (seen += 1) !== writes) return false;
        service.child.kill('SIGKILL');
        stop();
        resolve(deathOf(world));
        return false;
      },
    });
  });
}

/** The moment of a kill, and how many sends (SMS, ticket updates) the stand-ins had applied by then. */
interface Death {
  at: Date;
  applied: number;
}

/** Taken synchronously at the kill, before the stand-in applies the request it is handling. */
function deathOf(world: World): Death {
  const { zendesk, twilio } = world.standIns;
  return { at: new Date(), applied: twilio.state.messages.length + zendesk.state.listUpdates().length };
}

/**
 * Requests the dead process had sent that the stand-ins finished after it died, and how many
 * sends took effect after it died, with no one left to hear the answer.
 */
function landedAfter(world: World, death: Death): { inFlight: number; sendsLanded: number } {
  const { zendesk, twilio } = world.standIns;
  return {
    inFlight: [...zendesk.state.calls, ...twilio.state.calls].filter((call) => call.at > death.at).length,
    sendsLanded: deathOf(world).applied - death.applied,
  };
}

describe('effortless serve, killed three times mid-work and restarted on the same database', () => {
  it('ends with exactly one survey SMS and one effort write-back per ticket, and empty queues', async () => {
    const began = Date.now();
    const world = await startWorld(TICKETS, 100);
    cleanup.push(() => world.standIns.stop());
    const folder = serviceFolder();
    cleanup.push(folder.remove);
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const env = serviceEnv(world, folder.databaseUrl, port, { WORK_LEASE_SECONDS: '2', UPSTREAM_TIMEOUT_SECONDS: '5' });
    const random = mulberry32(SEED);

    let service = spawnService(folder.dir, env);
    cleanup.push(() => service.child.kill('SIGKILL'));
    await waitReady(service, url);
    const streaming = streamSolvedWebhooks(url, world.tickets, { concurrency: 3, gapMs: 40 });

    // Three deaths: at any moment (after a random number of answered calls), then at a random
    // write-back PUT, then at a random survey SMS, so both providers' lookups are needed.
    const kills = [
      // About 3 calls a ticket (audits, write-back, SMS): the first kill comes within the first third.
      { moment: `after ${20 + Math.floor(random() * 40)} calls`, provider: null },
      { moment: `at Zendesk PUT ${1 + Math.floor(random() * 15)}`, provider: 'zendesk' as const },
      { moment: `at Twilio POST ${1 + Math.floor(random() * 15)}`, provider: 'twilio' as const },
    ];
    const deaths: Array<{ moment: string; inFlight: number; sendsLanded: number }> = [];
    for (const { moment, provider } of kills) {
      const count = Number(/\d+/.exec(moment)?.[0]);
      const death = await (provider
        ? killAtSend(world, service, provider, count)
        : killAfterCalls(world, service, count));
      const { signal } = await service.exited;
      expect(signal).toBe('SIGKILL');
      expect(world.allReached(), 'the kill should come while work is left').toBe(false);
      await sleep(300); // longer than the stand-ins' delay: what was in flight has landed
      deaths.push({ moment, ...landedAfter(world, death) });
      if (provider)
        expect(deaths.at(-1)?.sendsLanded, `the send interrupted ${moment} took effect`).toBeGreaterThanOrEqual(1);
      service = spawnService(folder.dir, env);
      await waitReady(service, url);
    }

    const webhookPosts = await streaming;
    await until(() => world.allReached(), 'a survey SMS and a write-back for every ticket', 45_000);
    await until(async () => settled(await queueCounts(folder.databaseUrl), TICKETS.length), 'empty queues', 20_000);
    service.child.kill('SIGTERM');
    expect((await service.exited).code, service.output()).toBe(0);

    const counts = world.counts();
    expect(counts.sms, 'survey SMS per ticket').toEqual(TICKETS.map(() => 1));
    expect(counts.writeBacks, 'effort write-backs per ticket').toEqual(TICKETS.map(() => 1));
    const queues = await queueCounts(folder.databaseUrl);
    expect(queues).toEqual({ inbox: { done: TICKETS.length }, outbox: { sent: 2 * TICKETS.length } });
    // Every write-back's note is private, and each carries the audit metadata that names its outbox message.
    const updates = world.standIns.zendesk.state.listUpdates();
    expect(updates.every((u) => !u.notePublic && typeof u.metadata?.effortless_outbox_id === 'string')).toBe(true);

    const lookups = {
      twilioLists: world.standIns.twilio.state.callsTo(/\/Messages\.json$/, 'GET').length,
      // Beyond each ticket's first sync: syncs redone after a kill, and write-back lookups.
      extraAuditReads: world.standIns.zendesk.state.callsTo(/\/audits\.json$/, 'GET').length - TICKETS.length,
    };
    console.info(
      `kill-restart seed ${SEED}: deaths ${JSON.stringify(deaths)}, webhook posts ${webhookPosts} for ${TICKETS.length} tickets, lookups ${JSON.stringify(lookups)}, ${((Date.now() - began) / 1000).toFixed(1)} s`,
    );
  }, 120_000);
});
