import type { Logger } from '../../src/logger.js';

export interface StoppableService {
  logger: Logger;
  stop(): Promise<void>;
}

/**
 * SIGTERM and SIGINT stop the service: it stops taking work and waits for work in flight,
 * but never longer than `graceMs`; a second signal exits at once. Either way the process
 * ends, so a hung upstream call cannot keep a stopped service alive.
 */
export function stopOnSignals(
  service: StoppableService,
  graceMs: number,
  exit: (code: number) => void = process.exit,
): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals | 'parent-exited') => {
    if (stopping) {
      service.logger.warn({ signal }, 'second signal: exiting now');
      exit(1);
      return;
    }
    stopping = true;
    service.logger.info({ signal, graceMs }, 'shutting down');
    const deadline = setTimeout(() => {
      service.logger.warn({ graceMs }, 'work in flight did not finish within the grace period: exiting');
      exit(1);
    }, graceMs);
    deadline.unref();
    service.stop().then(
      () => exit(0),
      (error: unknown) => {
        service.logger.error({ err: error }, 'error while stopping');
        exit(1);
      },
    );
  };
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, onSignal);
  // Under `npm start`, npm is the parent: if it is killed outright (SIGKILL forwards nothing)
  // the service would live on as an orphan and answer on the port; it stops instead.
  if (process.env.npm_lifecycle_event) watchParent(() => onSignal('parent-exited'));
}

function watchParent(onExit: () => void, everyMs = 1000): void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    onExit();
  }, everyMs);
  timer.unref();
}
