import type { Logger } from '../../logger.js';
import type { Clock } from '../../ports/clock.js';
import { errorMessage } from '../../ports/errors.js';
import type { Store } from '../../ports/store.js';
import type { EventBus } from '../event-bus.js';
import { type RecomputeReport, recomputeStaleCases } from './recompute-stale-cases.js';
import {
  type EffortModelSettings,
  loadStoredEffortModel,
  refitEffortModel,
  type StoredEffortModel,
} from './refit-effort-model.js';
import type { ScoringInForce } from './scoring-in-force.js';

export interface EffortModelDeps {
  store: Store;
  events: EventBus;
  clock: Clock;
  logger: Logger;
  scoring: ScoringInForce;
  settings: EffortModelSettings;
  botUserId: () => Promise<number | null>;
  effortFieldId: number | null;
}

export interface CycleReport {
  refitted: boolean;
  recompute: RecomputeReport[];
}

export interface EffortModelService {
  /** Puts the stored fit in force when it still matches the configuration. Call before any sync. */
  load(): Promise<void>;
  /**
   * One cycle: scores stale cases again, fits the index when a fit is due (none yet, older than
   * `refitHours`, or made from another configuration), and scores again if the fit changed
   * the weights. Cycles run one at a time; a call during one waits for it and runs after.
   */
  runCycle(options?: { forceRefit?: boolean }): Promise<CycleReport>;
  /** Runs a cycle now and then every `everyMs` (default 10 minutes); returns the stop function. */
  schedule(everyMs?: number): () => void;
  /** The last fit, or null before the first one. */
  lastFit(): StoredEffortModel | null;
  /** When the next fit is due; null when none was made yet (the next cycle fits). */
  nextFitAt(): Date | null;
  /** Whether a cycle is running now. */
  busy(): boolean;
  /** Stops the schedule, ends a running pass after the case in hand, and waits for it. */
  stop(): Promise<void>;
}

export function createEffortModelService(deps: EffortModelDeps): EffortModelService {
  const log = deps.logger.child({ component: 'effort-model' });
  let stored: StoredEffortModel | null = null;
  let running = 0;
  let queue: Promise<unknown> = Promise.resolve();
  let stopping = false;
  let stopSchedule: () => void = () => undefined;
  const refitMs = deps.settings.refitHours * 3_600_000;

  const nextFitAt = () => (stored ? new Date(Date.parse(stored.fittedAt) + refitMs) : null);
  const fitDue = () => {
    const next = nextFitAt();
    return next === null || stored?.configuredVersion !== deps.scoring.configured.version || deps.clock.now() >= next;
  };

  const recompute = async (reports: RecomputeReport[]) => {
    for (;;) {
      const report = await recomputeStaleCases({ ...deps, logger: log, stopping: () => stopping });
      reports.push(report);
      if (!report.interrupted || stopping) return;
    }
  };

  const cycle = async (forceRefit: boolean): Promise<CycleReport> => {
    const report: CycleReport = { refitted: false, recompute: [] };
    // Several instances may share the database: take the fit any of them stored last, so
    // this one neither scores cases back to its older weights nor refits before it is due.
    stored = await loadStoredEffortModel(deps);
    // Drivers first: a fit must see the drivers as the definitions in force count them.
    await recompute(report.recompute);
    if (!stopping && (forceRefit || fitDue())) {
      const fit = await refitEffortModel({ ...deps, logger: log });
      stored = fit.stored;
      report.refitted = true;
      if (fit.changed) await recompute(report.recompute);
    }
    return report;
  };

  const runCycle = (options: { forceRefit?: boolean } = {}) => {
    const run = queue.then(async () => {
      running += 1;
      try {
        return await cycle(options.forceRefit ?? false);
      } finally {
        running -= 1;
      }
    });
    queue = run.catch(() => undefined);
    return run;
  };

  return {
    async load() {
      stored = await loadStoredEffortModel(deps);
      const scoring = deps.scoring.current();
      log.info({ version: scoring.version, source: scoring.source }, 'effort scoring in force');
    },
    runCycle,
    schedule(everyMs = 10 * 60_000) {
      let ticking = false;
      // A cycle slower than the interval is not queued again behind itself.
      const tick = () => {
        if (ticking) return;
        ticking = true;
        runCycle()
          .catch((error) => log.error({ err: error }, `effort model cycle failed: ${errorMessage(error)}`))
          .finally(() => {
            ticking = false;
          });
      };
      tick();
      const timer = setInterval(tick, everyMs);
      timer.unref();
      stopSchedule = () => clearInterval(timer);
      return stopSchedule;
    },
    lastFit: () => stored,
    nextFitAt,
    busy: () => running > 0,
    async stop() {
      stopping = true;
      stopSchedule();
      await queue;
    },
  };
}
