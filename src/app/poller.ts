import type { Logger } from '../logger.js';
import { sleep as realSleep } from './clock.js';

export interface Poller {
  /** Resolves once the loop has stopped (after the current unit of work). */
  stop(): Promise<void>;
  /** Wakes the loop now instead of after the idle interval (e.g. a webhook just arrived); false when it was busy. */
  wake(): boolean;
}

/**
 * Runs `work` again and again: at once while it reports progress, after `idleMs` when it
 * found nothing. An error is logged and the loop goes on, so one bad row never stops it.
 */
export function startPoller(
  name: string,
  work: () => Promise<boolean>,
  options: { idleMs: number; logger: Logger },
): Poller {
  let running = true;
  let wakeUp: (() => void) | null = null;
  const idle = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, options.idleMs);
      wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const loop = (async () => {
    while (running) {
      let progressed = false;
      try {
        progressed = await work();
      } catch (error) {
        options.logger.error({ err: error, poller: name }, 'worker loop error');
        await realSleep(Math.min(options.idleMs, 1000));
      }
      if (!progressed && running) await idle();
      wakeUp = null;
    }
  })();

  return {
    async stop() {
      running = false;
      wakeUp?.();
      await loop;
    },
    wake() {
      if (!wakeUp) return false;
      wakeUp();
      wakeUp = null;
      return true;
    },
  };
}
