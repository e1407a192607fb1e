import type { EffortWeights } from '../domain/effort-index.js';
import type { Logger } from '../logger.js';
import type { Store } from '../ports/store.js';
import type { ZendeskPort } from '../ports/zendesk.js';
import { importTicketEvents, importTickets, recomputeImported, startBackfillRun } from './backfill-phases.js';
import { loadResumableState } from './backfill-state.js';
import type { Clock } from './clock.js';

export { BACKFILL_STATE_KEY, type BackfillPhase, type BackfillState } from './backfill-state.js';

export interface BackfillDeps {
  zendesk: ZendeskPort;
  store: Store;
  clock: Clock;
  logger: Logger;
  sleep: (ms: number) => Promise<void>;
  effortWeights: EffortWeights;
  /** Feeds a recomputed case to the alert aggregates (its baseline), when it is solved. */
  onCaseRecomputed?: (ticketId: number) => Promise<void>;
}

export interface BackfillProgress {
  phase: 'tickets' | 'events' | 'recompute';
  /** Best estimate, 0..1, of how far the current phase is. */
  fraction: number;
  tickets: number;
  audits: number;
  recomputed: number;
}

export interface BackfillOptions {
  since: Date;
  onProgress?: (progress: BackfillProgress) => void;
  /** Default 6000: Zendesk's incremental exports allow 10 requests a minute. */
  minRequestIntervalMs?: number;
}

/** Counts of this run only (a resumed run does not count what the crashed one did). */
export interface BackfillSummary {
  /** Tickets read from the export. */
  tickets: number;
  /** Audits read from the events export. */
  audits: number;
  /** Of those, audits that were not stored yet. */
  auditsAdded: number;
  recomputed: number;
  resumed: boolean;
}

/**
 * `effortless backfill --since DATE`: imports tickets, then their audits, from Zendesk's
 * incremental exports, then recomputes the drivers of every ticket whose audits changed.
 * The position is saved after every page, so a rerun after a crash resumes where it stopped;
 * every write is idempotent, so re-reading a page (or rerunning a finished backfill) is safe.
 */
export async function runBackfill(deps: BackfillDeps, options: BackfillOptions): Promise<BackfillSummary> {
  const run = startBackfillRun(deps, options);
  const saved = await loadResumableState(deps.store.syncState, run.since);
  const phase = saved?.phase ?? 'tickets';
  if (saved) deps.logger.info({ since: run.since, phase, cursor: saved.cursor, startTime: saved.startTime }, 'backfill resuming');
  else deps.logger.info({ since: run.since }, 'backfill starting');

  if (phase === 'tickets') await importTickets(run, saved?.cursor ?? null);
  if (phase === 'tickets' || phase === 'events') await importTicketEvents(run, saved?.phase === 'events' ? (saved.startTime ?? null) : null);
  await recomputeImported(run);
  await run.save({ phase: 'done' });
  deps.logger.info({ since: run.since, ...run.counts, resumed: saved !== null }, 'backfill finished');
  return { ...run.counts, resumed: saved !== null };
}
