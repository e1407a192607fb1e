import type { EffortWeights } from '../domain/effort-index.js';
import type { Logger } from '../logger.js';
import type { Store } from '../ports/store.js';
import type { ZendeskPort } from '../ports/zendesk.js';
import { BACKFILL_STATE_KEY, createPacer, loadResumableState, type BackfillState } from './backfill-state.js';
import type { Clock } from './clock.js';
import { recomputeEffort } from './recompute-effort.js';

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

const RECOMPUTE_BATCH = 500;
/** Zendesk rejects export start times less than a minute in the past. */
const MIN_START_AGE_S = 60;

/**
 * `effortless backfill --since DATE`: imports tickets, then their audits, from Zendesk's
 * incremental exports, then recomputes the drivers of every ticket whose audits changed.
 * The position is saved after every page, so a rerun after a crash resumes where it stopped;
 * every write is idempotent, so re-reading a page (or rerunning a finished backfill) is safe.
 */
export async function runBackfill(deps: BackfillDeps, options: BackfillOptions): Promise<BackfillSummary> {
  const { zendesk, store, clock, logger } = deps;
  const sinceMs = options.since.getTime();
  if (!Number.isFinite(sinceMs)) throw new RangeError('backfill: since is not a valid date');
  const sinceS = Math.floor(sinceMs / 1000);
  if (nowSeconds(clock) - sinceS < MIN_START_AGE_S) {
    throw new RangeError('backfill: since must be at least a minute in the past');
  }
  const since = options.since.toISOString();
  const pace = createPacer(clock, deps.sleep, options.minRequestIntervalMs ?? 6000);
  const counts = { tickets: 0, audits: 0, auditsAdded: 0, recomputed: 0 };
  const report = (phase: BackfillProgress['phase'], fraction: number) =>
    options.onProgress?.({ phase, fraction: clamp01(fraction), tickets: counts.tickets, audits: counts.audits, recomputed: counts.recomputed });
  const save = async (next: Omit<BackfillState, 'since' | 'updatedAt'>) => {
    const now = clock.now();
    await store.syncState.set(BACKFILL_STATE_KEY, { since, ...next, updatedAt: now.toISOString() } satisfies BackfillState, now);
  };
  // How far `time` (epoch seconds) is between since and now: the exports run oldest first.
  const fractionAt = (time: number) => (time - sinceS) / Math.max(1, nowSeconds(clock) - sinceS);

  const saved = await loadResumableState(store.syncState, since);
  const resumed = saved !== null;
  const phase = saved?.phase ?? 'tickets';
  if (saved) logger.info({ since, phase, cursor: saved.cursor, startTime: saved.startTime }, 'backfill resuming');
  else logger.info({ since }, 'backfill starting');

  if (phase === 'tickets') {
    let params: { startTime: number } | { cursor: string } = saved?.cursor ? { cursor: saved.cursor } : { startTime: sinceS };
    for (;;) {
      await pace();
      const page = await zendesk.exportTickets(params);
      for (const ticket of page.tickets) {
        // A ticket synced live since has a snapshot at least as fresh, and its syncedAt tells the
        // webhook handler which deliveries that read covers; overwriting it with null would lose that.
        const stored = await store.tickets.getTicket(ticket.id);
        if (stored?.syncedAt && stored.updatedAt.getTime() >= ticket.updatedAt.getTime()) continue;
        await store.tickets.upsertTicket(ticket, null);
      }
      counts.tickets += page.tickets.length;
      const cursor = page.afterCursor;
      if (page.endOfStream || cursor === null) {
        if (!page.endOfStream) logger.warn({ since }, 'backfill: ticket export gave no cursor before the end of stream; moving on');
        await save({ phase: 'events', startTime: sinceS });
        report('tickets', 1);
        break;
      }
      await save({ phase: 'tickets', cursor });
      const last = page.tickets.at(-1);
      report('tickets', last ? fractionAt(last.updatedAt.getTime() / 1000) : 0);
      params = { cursor };
    }
    logger.info({ since, tickets: counts.tickets }, 'backfill tickets phase done');
  }

  if (phase === 'tickets' || phase === 'events') {
    let startTime = saved?.phase === 'events' && saved.startTime !== undefined ? saved.startTime : sinceS;
    // Checked before every request: asking for the last minute is rejected, and it is covered
    // by live sync anyway, so reaching it is the end of the backfill's stream.
    while (nowSeconds(clock) - startTime >= MIN_START_AGE_S) {
      await pace();
      const page = await zendesk.exportTicketEvents(startTime);
      counts.audits += page.audits.length;
      counts.auditsAdded += await store.tickets.addAudits(page.audits);
      if (page.endOfStream) break;
      if (page.nextStartTime <= startTime) {
        // Continuing would request the same page forever; fail loudly and keep the saved position.
        throw new Error(`backfill: ticket events export did not advance past start_time ${startTime}`);
      }
      startTime = page.nextStartTime;
      await save({ phase: 'events', startTime });
      report('events', fractionAt(startTime));
    }
    await save({ phase: 'recompute' });
    report('events', 1);
    logger.info({ since, audits: counts.audits, auditsAdded: counts.auditsAdded }, 'backfill events phase done');
  }

  const botUserId = await zendesk.getBotUserId();
  const attempted = new Set<number>();
  for (let batch = 0; ; batch += 1) {
    const ids = await store.tickets.listTicketsNeedingRecompute(RECOMPUTE_BATCH);
    const fresh = ids.filter((id) => !attempted.has(id));
    if (fresh.length === 0) {
      // Only tickets we already recomputed are still flagged (the store did not clear them):
      // looping again would never end, so leave them to the live recompute.
      if (ids.length > 0) logger.warn({ since, stuck: ids.length }, 'backfill: tickets still flagged after recompute; stopping');
      if (batch === 0) report('recompute', 1);
      break;
    }
    for (const id of fresh) {
      attempted.add(id);
      const result = await recomputeEffort(store.tickets, id, { botUserId, weights: deps.effortWeights, now: clock.now() });
      if (result) {
        counts.recomputed += 1;
        await deps.onCaseRecomputed?.(id);
      }
    }
    // The total is unknown; a short batch means this was the last one.
    report('recompute', ids.length < RECOMPUTE_BATCH ? 1 : counts.recomputed / (counts.recomputed + RECOMPUTE_BATCH));
  }
  await save({ phase: 'done' });
  logger.info({ since, recomputed: counts.recomputed }, 'backfill recompute phase done');
  logger.info({ since, ...counts, resumed }, 'backfill finished');
  return { ...counts, resumed };
}

function nowSeconds(clock: Clock): number {
  return Math.floor(clock.now().getTime() / 1000);
}

function clamp01(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}
