import {
  importTicketEvents,
  importTickets,
  recomputeImported,
  startBackfillRun,
  type BackfillDeps,
  type BackfillOptions,
  type BackfillSummary,
} from './backfill-phases.js';
import { loadResumableState } from './backfill-state.js';

export { BACKFILL_STATE_KEY, type BackfillPhase, type BackfillState } from './backfill-state.js';
export type { BackfillDeps, BackfillOptions, BackfillProgress, BackfillSummary } from './backfill-phases.js';

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
  if (saved)
    deps.logger.info(
      { since: run.since, phase, cursor: saved.cursor, startTime: saved.startTime },
      'backfill resuming',
    );
  else deps.logger.info({ since: run.since }, 'backfill starting');

  if (phase === 'tickets') await importTickets(run, saved?.cursor ?? null);
  if (phase === 'tickets' || phase === 'events')
    await importTicketEvents(run, saved?.phase === 'events' ? (saved.startTime ?? null) : null);
  await recomputeImported(run);
  await run.save({ phase: 'done' });
  deps.logger.info({ since: run.since, ...run.counts, resumed: saved !== null }, 'backfill finished');
  return { ...run.counts, resumed: saved !== null };
}
