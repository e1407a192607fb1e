import { afterAll, describe, expect, it } from 'vitest';
import type { Fault, FaultControls, FaultRequest } from '../../demo/stand-ins/start-stand-ins.js';
import {
  freePort,
  queueCounts,
  serviceEnv,
  serviceFolder,
  settled,
  spawnService,
  streamSolvedWebhooks,
  until,
  waitReady,
} from './service-process.js';
import { phoneOf, startWorld } from './solved-world.js';

/**
 * Upstream trouble against the real process. Zendesk fails every request about five tickets
 * and Twilio every SMS (and Messages list read) to five other customers: first one of each
 * fault in turn (503, reset, 500, hang, 429 with Retry-After; Twilio's reset and hang come
 * after the SMS was taken, so its answer is lost), then 503: Zendesk until the thirty healthy
 * tickets are through, Twilio for five more requests (retries, Messages list reads). The
 * service's backoff (5 s and 10 s bases, full jitter, no setting) makes every extra failure
 * cost seconds of test time, hence the bounds. Then a second process is stopped with SIGTERM while a Zendesk read and a Twilio
 * send hang far longer than SHUTDOWN_GRACE_SECONDS. A third process, with the faults off,
 * finishes: one survey SMS and one write-back per ticket, nothing pending.
 */
const ZENDESK_TROUBLED = [2001, 2002, 2003, 2004, 2005];
const TWILIO_TROUBLED = [2006, 2007, 2008, 2009, 2010];
const HEALTHY = Array.from({ length: 30 }, (_, i) => 2011 + i);
const [HANGS_IN_ZENDESK, HANGS_IN_TWILIO] = [2041, 2042];
const ALL = [...ZENDESK_TROUBLED, ...TWILIO_TROUBLED, ...HEALTHY, HANGS_IN_ZENDESK, HANGS_IN_TWILIO];
const GRACE_SECONDS = 2;

const cleanup: Array<() => unknown> = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

const zendeskTicketOf = (request: FaultRequest) =>
  Number(/^\/api\/v2\/tickets\/(\d+)(\.json|\/audits\.json)$/.exec(request.path)?.[1] ?? Number.NaN);
const twilioToOf = (request: FaultRequest) =>
  request.method === 'GET' ? request.query.To : (request.body as Record<string, unknown> | null)?.To;

/** One of each fault for the first five requests `match` picks, then 503 (`times` more, or until switched off); returns the switch-off. */
function failInTurn(
  faults: FaultControls,
  match: (request: FaultRequest) => boolean,
  phaseOf: (fault: Fault) => 'before' | 'after',
  times?: number,
): () => void {
  const turns: Fault[] = [
    { kind: 'status', status: 503 },
    { kind: 'reset' },
    { kind: 'status', status: 500 },
    { kind: 'hang' },
    { kind: 'rate-limit', retryAfterSeconds: 1 },
  ];
  const stops = turns.map((fault) => faults.inject({ fault, match, times: 1, phase: phaseOf(fault) }));
  stops.push(faults.inject({ fault: { kind: 'status', status: 503 }, match, ...(times ? { times } : {}) }));
  return () => stops.forEach((stop) => stop());
}

describe('effortless serve while Zendesk and Twilio misbehave', () => {
  it('keeps other tickets flowing, loses nothing, sends nothing twice, and stops within the grace period while a call hangs', async () => {
    const began = Date.now();
    const world = await startWorld(ALL, 20);
    cleanup.push(() => world.standIns.stop());
    const [zendesk, twilio] = [world.standIns.zendesk.state, world.standIns.twilio.state];
    const folder = serviceFolder();
    cleanup.push(folder.remove);
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const quick = serviceEnv(world, folder.databaseUrl, port, {
      UPSTREAM_TIMEOUT_SECONDS: '1',
      WORK_LEASE_SECONDS: '2',
      SHUTDOWN_GRACE_SECONDS: String(GRACE_SECONDS),
    });
    const ticketsOf = (ids: number[]) => world.tickets.filter((ticket) => ids.includes(ticket.id));

    // 1. Faults for ten tickets; the thirty others must get through meanwhile.
    const troubledPhones = new Set(TWILIO_TROUBLED.map(phoneOf));
    const zendeskOff = failInTurn(
      zendesk.faults,
      (r) => ZENDESK_TROUBLED.includes(zendeskTicketOf(r)),
      () => 'before',
    );
    const twilioOff = failInTurn(
      twilio.faults,
      (r) => troubledPhones.has(String(twilioToOf(r))),
      (f) => (f.kind === 'reset' || f.kind === 'hang' ? 'after' : 'before'),
      5,
    );
    let service = spawnService(folder.dir, quick);
    cleanup.push(() => service.child.kill('SIGKILL'));
    await waitReady(service, url);
    await streamSolvedWebhooks(url, ticketsOf([...ZENDESK_TROUBLED, ...TWILIO_TROUBLED, ...HEALTHY]), {
      concurrency: 4,
      gapMs: 10,
    });
    await until(() => world.allReached(HEALTHY), 'the healthy tickets, while the others fail', 30_000);
    const hits = (faults: FaultControls) => ({ ...faults.hits });
    expect(hits(zendesk.faults)).toMatchObject({ hang: 1, reset: 1, 'rate-limit': 1 });
    expect(hits(zendesk.faults).status).toBeGreaterThanOrEqual(2);
    expect(
      ZENDESK_TROUBLED.map((id) => zendesk.listUpdates(id).length + twilio.messagesTo(phoneOf(id)).length),
    ).toEqual([0, 0, 0, 0, 0]);
    zendeskOff();
    await until(
      () => twilio.faults.hits.hang + twilio.faults.hits.reset + twilio.faults.hits['rate-limit'] >= 3,
      'each Twilio fault in turn',
      15_000,
    );
    const faultedFor = Date.now() - began;

    // 2. SIGTERM with faults still on: the process ends within the grace period.
    service.child.kill('SIGTERM');
    const firstStop = Date.now();
    await service.exited;
    expect(Date.now() - firstStop).toBeLessThan((GRACE_SECONDS + 1.5) * 1000);

    // 3. A process whose calls hang for 30 s: one Zendesk read, one Twilio send (taken, answer lost).
    zendesk.faults.inject({ fault: { kind: 'hang' }, match: (r) => zendeskTicketOf(r) === HANGS_IN_ZENDESK });
    twilio.faults.inject({
      fault: { kind: 'hang' },
      phase: 'after',
      match: (r) => r.method === 'POST' && twilioToOf(r) === phoneOf(HANGS_IN_TWILIO),
    });
    const hangsBefore = zendesk.faults.hits.hang + twilio.faults.hits.hang;
    service = spawnService(folder.dir, { ...quick, UPSTREAM_TIMEOUT_SECONDS: '30' });
    await waitReady(service, url);
    await streamSolvedWebhooks(url, ticketsOf([HANGS_IN_ZENDESK, HANGS_IN_TWILIO]), { concurrency: 2, gapMs: 0 });
    await until(
      () => zendesk.faults.hits.hang + twilio.faults.hits.hang === hangsBefore + 2,
      'a hung Zendesk read and a hung Twilio send',
      15_000,
    );
    service.child.kill('SIGTERM');
    const hungStop = Date.now();
    const { code } = await service.exited;
    const stoppedIn = Date.now() - hungStop;
    expect(stoppedIn, service.output()).toBeGreaterThanOrEqual(GRACE_SECONDS * 1000 - 100);
    expect(stoppedIn, service.output()).toBeLessThan((GRACE_SECONDS + 1.5) * 1000);
    expect(code).toBe(1);
    expect(service.output()).toContain('did not finish within the grace period');

    // 4. Faults off, a new process: everything arrives, once.
    twilioOff();
    zendesk.faults.clear();
    twilio.faults.clear();
    service = spawnService(folder.dir, quick);
    await waitReady(service, url);
    await until(() => world.allReached(), 'every ticket', 60_000);
    await until(async () => settled(await queueCounts(folder.databaseUrl), ALL.length), 'empty queues', 30_000);
    service.child.kill('SIGTERM');
    expect((await service.exited).code, service.output()).toBe(0);

    const counts = world.counts();
    expect(counts.sms, 'survey SMS per ticket').toEqual(ALL.map(() => 1));
    expect(counts.writeBacks, 'effort write-backs per ticket').toEqual(ALL.map(() => 1));
    expect(await queueCounts(folder.databaseUrl)).toEqual({
      inbox: { done: ALL.length },
      outbox: { sent: 2 * ALL.length },
    });
    console.info(
      `upstream-faults: faults ${faultedFor} ms, hung stop ${stoppedIn} ms, zendesk hits ${JSON.stringify(zendesk.faults.hits)}, twilio hits ${JSON.stringify(twilio.faults.hits)}, ${((Date.now() - began) / 1000).toFixed(1)} s`,
    );
  }, 150_000);
});
