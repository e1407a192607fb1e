/**
 * Load for the ingest benchmarks: a server in a child process (ingest-server-child.ts) and
 * autocannon posting signed Zendesk ticket events at it, each with its own event id and
 * ticket, so every request is a new delivery (no duplicate shortcut).
 */
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { build } from 'esbuild';
import { signZendeskPayload } from '../integrations/zendesk/verify.js';
import { BENCH_WEBHOOK_SECRET } from './bench-webhook-secret.js';

export type ServerMode = 'noop' | 'service' | 'service+workers';

export interface Progress {
  /** Deliveries done or ignored. */
  processed: number;
  /** Outbox messages sent. */
  sent: number;
  /** Deliveries that failed (retry or dead). */
  failed: number;
}

export interface BenchServer {
  url: string;
  /** process.memoryUsage() after a full garbage collection, bytes. */
  memory(): Promise<NodeJS.MemoryUsage>;
  /** The server process's CPU time so far (user + system), µs. */
  cpuMicros(): Promise<number>;
  progress(): Promise<Progress>;
  /** After deleting every queue row retention may delete: bytes in use, cases, raw webhook bytes seen. */
  storage(): Promise<{ tickets: number; bytes: number; rawBodyBytes: number; deliveries: number }>;
  stop(): Promise<void>;
}

const loader = fileURLToPath(new URL('../node_modules/tsx/dist/loader.mjs', import.meta.url));
const script = fileURLToPath(new URL('./ingest-server-child.ts', import.meta.url));
const compiledDir = fileURLToPath(new URL('../dist/bench-server/', import.meta.url));

/**
 * How the server child runs: `tsx` compiles the TypeScript as it loads (quick to change), `node`
 * runs plain JavaScript as operators do (`node dist/...`), which matters for memory: tsx keeps
 * its transforms of every module loaded, more for the service's few hundred modules than for
 * the no-op app's handful.
 */
export type ServerRuntime = 'tsx' | 'node';

/**
 * The node flags of the documented start (`npm start`, package.json): the service child runs
 * with them, as operators run it; the no-op reference runs with none.
 */
export function startScriptNodeFlags(): string[] {
  // BENCH_SERVICE_NODE_FLAGS replaces them, to measure another choice ('' for none).
  const replaced = process.env.BENCH_SERVICE_NODE_FLAGS;
  if (replaced !== undefined) return replaced.split(/\s+/).filter(Boolean);
  const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const start = packageJson.scripts.start ?? '';
  const flags = start.match(/\bnode((?:\s+--[\w-]+(?:=\S+)?)*)\s+bin\/effortless\.js\b/);
  if (!flags) throw new Error(`package.json start script not understood: ${start}`);
  return flags[1]?.trim().split(/\s+/).filter(Boolean) ?? [];
}

let compiled: Promise<string> | null = null;
/**
 * The child as JavaScript, bundled once per run into dist/bench-server (packages stay external,
 * our modules are split into chunks, so the no-op mode loads none of the service's code).
 * Two levels below the package root, as dist/src/... is, so the migrations and the dashboard
 * assets are found where the built service finds them.
 */
function compiledScript(): Promise<string> {
  compiled ??= build({
    entryPoints: [script],
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    outdir: compiledDir,
    logLevel: 'warning',
  }).then(() => `${compiledDir}ingest-server-child.js`);
  return compiled;
}

export async function startServer(
  mode: ServerMode,
  env: Record<string, string> = {},
  runtime: ServerRuntime = 'tsx',
): Promise<BenchServer> {
  const child = fork(runtime === 'node' ? await compiledScript() : script, [mode], {
    // BENCH_CPU_PROF_DIR=<dir>: the server writes a V8 CPU profile there when it stops.
    execArgv: [
      ...(runtime === 'tsx' ? ['--import', loader] : []),
      '--expose-gc',
      ...(mode === 'noop' ? [] : startScriptNodeFlags()),
      ...(process.env.BENCH_CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}`] : []),
    ],
    env: { ...process.env, ...env },
    stdio: ['ignore', process.env.BENCH_SHOW_LOGS ? 'inherit' : 'ignore', 'inherit', 'ipc'],
  });
  const next = <T>(kind: string) =>
    new Promise<T>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`the ${mode} server exited (${code})`));
      const onMessage = (message: { kind: string }) => {
        if (message.kind !== kind) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(message as T);
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const { url } = await next<{ url: string }>('ready');
  const memory = async () => {
    const reply = next<{ usage: NodeJS.MemoryUsage }>('memory');
    child.send({ kind: 'memory' });
    return (await reply).usage;
  };
  return {
    url,
    memory,
    async cpuMicros() {
      const reply = next<{ usage: NodeJS.CpuUsage }>('cpu');
      child.send({ kind: 'cpu' });
      const { usage } = await reply;
      return usage.user + usage.system;
    },
    async progress() {
      const reply = next<Progress>('progress');
      child.send({ kind: 'progress' });
      return await reply;
    },
    async storage() {
      const reply = next<{ tickets: number; bytes: number; rawBodyBytes: number; deliveries: number }>('storage');
      child.send({ kind: 'storage' });
      return await reply;
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The tickets the signed deliveries are about: 5,000,001, 5,000,002, ... */
export const FIRST_POSTED_TICKET = 5_000_001;
let sequence = 0;

/** The ticket the next signed delivery will be about. */
export const nextPostedTicket = (): number => FIRST_POSTED_TICKET + sequence;

/**
 * One signed `ticket.status_changed` event (solved) for a ticket of its own; `updatedAt` the
 * ticket's `updated_at` as Zendesk has it (the stand-ins' world: see startWorld's `now`), or now.
 */
export function signedDelivery(updatedAt?: Date): { body: string; headers: Record<string, string> } {
  const ticketId = FIRST_POSTED_TICKET + sequence;
  sequence += 1;
  const now = new Date();
  const body = JSON.stringify({
    account_id: 12514403,
    detail: {
      actor_id: '7002',
      assignee_id: '7002',
      created_at: '2026-11-30T09:00:00Z',
      // As the stand-ins' world has it (test/pipeline/solved-world.ts): the service takes these
      // fields from the payload, and a requester other than the ticket's author skips the survey.
      group_id: '360001',
      id: String(ticketId),
      requester_id: String(900_000 + ticketId),
      status: 'SOLVED',
      subject: 'Invoice charged twice',
      tags: ['billing'],
      type: 'QUESTION',
      updated_at: (updatedAt ?? now).toISOString(),
      via: { channel: 'sms' },
    },
    event: { current: 'SOLVED', previous: 'OPEN' },
    id: `bench-${process.pid}-${sequence}`,
    subject: `zen:ticket:${ticketId}`,
    time: now.toISOString(),
    type: 'zen:event-type:ticket.status_changed',
    zendesk_event_version: '2022-11-06',
  });
  const timestamp = now.toISOString().replace(/\.\d+Z$/, 'Z');
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-zendesk-webhook-signature': signZendeskPayload(BENCH_WEBHOOK_SECRET, timestamp, body),
      'x-zendesk-webhook-signature-timestamp': timestamp,
    },
  };
}

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  total: number;
}

/**
 * Posts signed deliveries for `seconds` (or `amount` requests) over `connections`
 * connections, as fast as they are answered or at `rate` requests a second.
 */
export async function postDeliveries(
  url: string,
  options: { connections: number; seconds?: number; amount?: number; rate?: number; updatedAt?: Date },
): Promise<LoadResult> {
  const result = await autocannon({
    url: `${url}/webhooks/zendesk`,
    connections: options.connections,
    ...(options.rate ? { overallRate: options.rate } : {}),
    ...(options.amount ? { amount: options.amount } : { duration: options.seconds ?? 10 }),
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => ({ ...request, ...signedDelivery(options.updatedAt) }),
      },
    ],
  });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    total: result.requests.total,
  };
}
