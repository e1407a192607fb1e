/**
 * The stand-ins in a process of their own, for the benchmark: on a machine with few cores
 * the providers' own HTTP and JSON work would otherwise be charged to the service's one
 * JavaScript thread, which real providers never are. The parent asks over IPC (advanced
 * serialization keeps the call logs' Dates).
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { RecordedCall } from '../demo/stand-ins/start-stand-ins.js';
import { startWorld } from '../test/pipeline/solved-world.js';

export interface RemoteWorld {
  zendeskUrl: string;
  twilioUrl: string;
  zone: string;
  /** Every call each stand-in answered, for the profile. */
  calls(): Promise<{ zendesk: RecordedCall[]; twilio: RecordedCall[] }>;
  /** CPU time (user + system) the stand-ins have spent, in microseconds. */
  cpuMicros(): Promise<number>;
  stop(): Promise<void>;
}

type Reply =
  | { kind: 'ready'; zendeskUrl: string; twilioUrl: string; zone: string }
  | { kind: 'calls'; zendesk: RecordedCall[]; twilio: RecordedCall[] }
  | { kind: 'cpu'; usage: NodeJS.CpuUsage };

const loader = fileURLToPath(new URL('../node_modules/tsx/dist/loader.mjs', import.meta.url));
const script = fileURLToPath(new URL('./stand-ins-child.ts', import.meta.url));

/** `now`: the moment the tickets' times count back from (startWorld's option). */
export async function startRemoteWorld(ids: number[], delayMs: number, now?: number): Promise<RemoteWorld> {
  // BENCH_STANDINS_PROF_DIR=<dir>: the stand-ins write a V8 CPU profile there when they stop.
  const child = fork(script, [], {
    execArgv: [
      '--import',
      loader,
      ...(process.env.BENCH_STANDINS_PROF_DIR
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_STANDINS_PROF_DIR}`]
        : []),
    ],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = () =>
    new Promise<Reply>((resolve, reject) => {
      child.once('message', (message) => resolve(message as Reply));
      child.once('exit', (code) => reject(new Error(`the stand-ins process exited (${code})`)));
    });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = next();
  child.send({ kind: 'start', ids, delayMs, now });
  const started = await ready;
  if (started.kind !== 'ready') throw new Error('the stand-ins process did not start');
  return {
    zendeskUrl: started.zendeskUrl,
    twilioUrl: started.twilioUrl,
    zone: started.zone,
    async calls() {
      const reply = next();
      child.send({ kind: 'calls' });
      const answer = await reply;
      if (answer.kind !== 'calls') throw new Error('unexpected answer from the stand-ins process');
      return { zendesk: answer.zendesk, twilio: answer.twilio };
    },
    async cpuMicros() {
      const reply = next();
      child.send({ kind: 'cpu' });
      const answer = await reply;
      if (answer.kind !== 'cpu') throw new Error('unexpected answer from the stand-ins process');
      return answer.usage.user + answer.usage.system;
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The same world on this process's own thread: what the service pays when it shares the thread with its providers. */
export async function startLocalWorld(ids: number[], delayMs: number): Promise<RemoteWorld> {
  const world = await startWorld(ids, delayMs);
  return {
    zendeskUrl: world.standIns.zendesk.url,
    twilioUrl: world.standIns.twilio.url,
    zone: world.zone,
    calls: async () => ({ zendesk: world.standIns.zendesk.state.calls, twilio: world.standIns.twilio.state.calls }),
    // The same thread as the caller's: its time is not told apart.
    cpuMicros: async () => {
      const usage = process.cpuUsage();
      return usage.user + usage.system;
    },
    stop: () => world.standIns.stop(),
  };
}
