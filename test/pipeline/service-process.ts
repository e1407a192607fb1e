import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StandInTicket } from '../../demo/stand-ins/start-stand-ins.js';
import { statusChangedEvent } from '../../demo/zendesk-webhook.js';
import { openStore } from '../../db/open-store.js';
import { signZendeskPayload } from '../../integrations/zendesk/verify.js';
import type { Store } from '../../src/ports/store.js';
import { CREDENTIALS, standInEnv, type World } from './solved-world.js';

/** `effortless serve` as an operator runs it: a real process from the sources, through tsx's loader. */
const root = fileURLToPath(new URL('../../', import.meta.url));

export interface ServiceProcess {
  child: ChildProcess;
  /** What it printed (LOG_LEVEL=warn: retries, reconciliations, the shutdown). */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** A temporary folder for the database (and the process's cwd), shared by every restart. */
export function serviceFolder(): { dir: string; databaseUrl: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'effortless-process-'));
  return {
    dir,
    databaseUrl: `file:${join(dir, 'effortless.db')}`,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The service's environment against `world`; `extra` sets timeouts, leases and the like. */
export function serviceEnv(
  world: World,
  databaseUrl: string,
  port: number,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    LOG_LEVEL: 'warn',
    ...standInEnv({ zendeskUrl: world.standIns.zendesk.url, twilioUrl: world.standIns.twilio.url, zone: world.zone }),
    ...extra,
  };
}

export function spawnService(cwd: string, env: Record<string, string>): ServiceProcess {
  const child = spawn(
    process.execPath,
    ['--import', `${root}node_modules/tsx/dist/loader.mjs`, `${root}compose/cli/main.ts`, 'serve'],
    {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let printed = '';
  child.stdout?.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => printed, exited };
}

/** Resolves once GET /readyz answers 200 (LOG_LEVEL=warn hides the "listening" line). */
export async function waitReady(service: ServiceProcess, url: string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (service.child.exitCode !== null)
      throw new Error(`the service exited (${service.child.exitCode}) before it was ready:\n${service.output()}`);
    const ok = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(1000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await sleep(50);
  }
  throw new Error(`the service was not ready within ${ms} ms:\n${service.output()}`);
}

export async function until(condition: () => boolean | Promise<boolean>, what: string, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(50);
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export { freePort } from '../../demo/free-port.js';

/**
 * Zendesk's side of the webhooks: one signed "status changed to solved" event per ticket,
 * `concurrency` at a time, each sent again until a service answers 2xx, as Zendesk retries
 * a webhook the endpoint did not take (the service may be dead or restarting meanwhile).
 * Several service URLs stand for instances behind a load balancer: deliveries go round
 * robin, and one that fails is sent to the next instance.
 */
export async function streamSolvedWebhooks(
  serviceUrls: string | string[],
  tickets: StandInTicket[],
  options: { concurrency: number; gapMs: number },
): Promise<number> {
  const urls = typeof serviceUrls === 'string' ? [serviceUrls] : serviceUrls;
  let attempts = 0;
  let next = 0;
  const queue = [...tickets];
  const deliver = async (ticket: StandInTicket) => {
    const body = JSON.stringify(statusChangedEvent(ticket, 'open', new Date(Date.parse(ticket.updated_at))));
    for (let url = urls[next++ % urls.length]; ; url = urls[next++ % urls.length]) {
      attempts += 1;
      const timestamp = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
      const headers = {
        'Content-Type': 'application/json',
        'X-Zendesk-Webhook-Signature': signZendeskPayload(CREDENTIALS.zendesk.webhookSecret, timestamp, body),
        'X-Zendesk-Webhook-Signature-Timestamp': timestamp,
      };
      const status = await fetch(`${url}/webhooks/zendesk`, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(5000),
      }).then(
        (response) => response.status,
        () => 0,
      );
      if (status >= 200 && status < 300) return;
      if (status >= 400 && status < 500)
        throw new Error(`the webhook for ticket ${ticket.id} was refused with ${status}`);
      await sleep(100);
    }
  };
  const lanes = Array.from({ length: options.concurrency }, async () => {
    for (let ticket = queue.shift(); ticket; ticket = queue.shift()) {
      await deliver(ticket);
      await sleep(options.gapMs);
    }
  });
  await Promise.all(lanes);
  return attempts;
}

/** The queues as the database holds them, read through a second connection (SQLite WAL). */
export async function queueCounts(
  databaseUrl: string,
): Promise<{ inbox: Record<string, number>; outbox: Record<string, number> }> {
  const store: Store = await openStore(databaseUrl, { migrate: false });
  try {
    return { inbox: await store.deliveries.countByStatus(), outbox: await store.outbox.countByStatus() };
  } finally {
    await store.close();
  }
}

/**
 * Nothing waiting, running or dead: every delivery done, every message sent (a survey SMS and
 * a write-back per ticket, and `otherMessages` more, such as alert posts).
 */
export function settled(
  counts: { inbox: Record<string, number>; outbox: Record<string, number> },
  tickets: number,
  otherMessages = 0,
): boolean {
  return (
    counts.inbox.done === tickets &&
    Object.keys(counts.inbox).length === 1 &&
    counts.outbox.sent === 2 * tickets + otherMessages &&
    Object.keys(counts.outbox).length === 1
  );
}
