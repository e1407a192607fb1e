import type { DriverDefinitions } from '../domain/driver-definitions.js';
import type { EffortWeights } from '../domain/effort-index.js';
import type { Logger } from '../logger.js';
import type { Store } from '../ports/store.js';
import type { ZendeskPort } from '../ports/zendesk.js';
import { BACKFILL_STATE_KEY, createPacer, type BackfillState } from './backfill-state.js';
import type { Clock } from '../ports/clock.js';
import { type ComputedEffort, recomputeEffort } from './recompute-effort.js';

export interface BackfillDeps {
  zendesk: ZendeskPort;
  store: Store;
  clock: Clock;
  logger: Logger;
  sleep: (ms: number) => Promise<void>;
  effortWeights: EffortWeights;
  /** How drivers are counted (effortless.config.json `drivers`); the defaults when absent. */
  driverDefinitions?: DriverDefinitions;
  /**
   * Feeds a page of recomputed cases to the alert aggregates (their baseline; the solved ones
   * count), inside the transaction that saved them: a crash undoes both, and the rerun redoes both.
   */
  onCasesRecomputed?: (cases: readonly ComputedEffort[]) => Promise<void>;
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
/**
 * Cases recomputed (and their alert samples stored) per transaction: one commit for many
 * instead of two per case, while a live service on the same SQLite file waits at most that
 * long for its turn to write.
 */
const CASES_PER_TRANSACTION = 100;
/** Zendesk rejects export start times less than a minute in the past. */
const MIN_START_AGE_S = 60;

/** One backfill run: what every phase shares (pacing, counts, progress, the saved position). */
export interface BackfillRun {
  deps: BackfillDeps;
  /** ISO `since`, the key of the saved position. */
  since: string;
  sinceS: number;
  counts: { tickets: number; audits: number; auditsAdded: number; recomputed: number };
  /** Waits so that export requests stay under Zendesk's 10 a minute. */
  pace(): Promise<void>;
  report(phase: BackfillProgress['phase'], fraction: number): void;
  save(next: Omit<BackfillState, 'since' | 'updatedAt'>): Promise<void>;
  /** How far `time` (epoch seconds) is between since and now: the exports run oldest first. */
  fractionAt(time: number): number;
}

export function startBackfillRun(deps: BackfillDeps, options: BackfillOptions): BackfillRun {
  const { clock, store } = deps;
  const sinceMs = options.since.getTime();
  if (!Number.isFinite(sinceMs)) throw new RangeError('backfill: since is not a valid date');
  const sinceS = Math.floor(sinceMs / 1000);
  if (nowSeconds(clock) - sinceS < MIN_START_AGE_S)
    throw new RangeError('backfill: since must be at least a minute in the past');
  const since = options.since.toISOString();
  const counts = { tickets: 0, audits: 0, auditsAdded: 0, recomputed: 0 };
  return {
    deps,
    since,
    sinceS,
    counts,
    pace: createPacer(clock, deps.sleep, options.minRequestIntervalMs ?? 6000),
    report: (phase, fraction) =>
      options.onProgress?.({
        phase,
        fraction: clamp01(fraction),
        tickets: counts.tickets,
        audits: counts.audits,
        recomputed: counts.recomputed,
      }),
    async save(next) {
      const now = clock.now();
      await store.syncState.set(
        BACKFILL_STATE_KEY,
        { since, ...next, updatedAt: now.toISOString() } satisfies BackfillState,
        now,
      );
    },
    fractionAt: (time) => (time - sinceS) / Math.max(1, nowSeconds(clock) - sinceS),
  };
}

/** Phase 1: the incremental ticket export (cursor based), from `cursor` or from `since`. */
export async function importTickets(run: BackfillRun, cursor: string | null): Promise<void> {
  const { zendesk, store, logger } = run.deps;
  let params: { startTime: number } | { cursor: string } = cursor ? { cursor } : { startTime: run.sinceS };
  for (;;) {
    await run.pace();
    const page = await zendesk.exportTickets(params);
    for (const ticket of page.tickets) {
      // A ticket synced live since has a snapshot at least as fresh, and its syncedAt tells the
      // webhook handler which deliveries that read covers; overwriting it with null would lose that.
      const stored = await store.tickets.getTicket(ticket.id);
      if (stored?.syncedAt && stored.updatedAt.getTime() >= ticket.updatedAt.getTime()) continue;
      await store.tickets.upsertTicket(ticket, null);
    }
    run.counts.tickets += page.tickets.length;
    const next = page.afterCursor;
    if (page.endOfStream || next === null) {
      if (!page.endOfStream)
        logger.warn({ since: run.since }, 'backfill: ticket export gave no cursor before the end of stream; moving on');
      await run.save({ phase: 'events', startTime: run.sinceS });
      run.report('tickets', 1);
      break;
    }
    await run.save({ phase: 'tickets', cursor: next });
    const last = page.tickets.at(-1);
    run.report('tickets', last ? run.fractionAt(last.updatedAt.getTime() / 1000) : 0);
    params = { cursor: next };
  }
  logger.info({ since: run.since, tickets: run.counts.tickets }, 'backfill tickets phase done');
}

/** Phase 2: the incremental ticket events export (audits with comments), from `startTime` or from `since`. */
export async function importTicketEvents(run: BackfillRun, startFrom: number | null): Promise<void> {
  const { zendesk, store, clock, logger } = run.deps;
  let startTime = startFrom ?? run.sinceS;
  // Checked before every request: asking for the last minute is rejected, and it is covered
  // by live sync anyway, so reaching it is the end of the backfill's stream.
  while (nowSeconds(clock) - startTime >= MIN_START_AGE_S) {
    await run.pace();
    const page = await zendesk.exportTicketEvents(startTime);
    run.counts.audits += page.audits.length;
    run.counts.auditsAdded += await store.tickets.addAudits(page.audits);
    if (page.endOfStream) break;
    if (page.nextStartTime <= startTime) {
      // Continuing would request the same page forever; fail loudly and keep the saved position.
      throw new Error(`backfill: ticket events export did not advance past start_time ${startTime}`);
    }
    startTime = page.nextStartTime;
    await run.save({ phase: 'events', startTime });
    run.report('events', run.fractionAt(startTime));
  }
  await run.save({ phase: 'recompute' });
  run.report('events', 1);
  logger.info(
    { since: run.since, audits: run.counts.audits, auditsAdded: run.counts.auditsAdded },
    'backfill events phase done',
  );
}

/** Phase 3: drivers and index for every ticket whose audits changed, in batches. */
export async function recomputeImported(run: BackfillRun): Promise<void> {
  const { zendesk, store, clock, logger, effortWeights } = run.deps;
  const botUserId = await zendesk.getBotUserId();
  const attempted = new Set<number>();
  for (let batch = 0; ; batch += 1) {
    const ids = await store.tickets.listTicketsNeedingRecompute(RECOMPUTE_BATCH);
    const fresh = ids.filter((id) => !attempted.has(id));
    if (fresh.length === 0) {
      // Only tickets we already recomputed are still flagged (the store did not clear them):
      // looping again would never end, so leave them to the live recompute.
      if (ids.length > 0)
        logger.warn(
          { since: run.since, stuck: ids.length },
          'backfill: tickets still flagged after recompute; stopping',
        );
      if (batch === 0) run.report('recompute', 1);
      break;
    }
    for (let i = 0; i < fresh.length; i += CASES_PER_TRANSACTION) {
      const part = fresh.slice(i, i + CASES_PER_TRANSACTION);
      const computed = await store.atomically(async () => {
        const cases: ComputedEffort[] = [];
        for (const id of part) {
          const result = await recomputeEffort(store.tickets, id, {
            botUserId,
            weights: effortWeights,
            now: clock.now(),
            definitions: run.deps.driverDefinitions,
          });
          if (result) cases.push(result);
        }
        await run.deps.onCasesRecomputed?.(cases);
        return cases.length;
      });
      for (const id of part) attempted.add(id);
      run.counts.recomputed += computed;
    }
    // The total is unknown; a short batch means this was the last one.
    run.report(
      'recompute',
      ids.length < RECOMPUTE_BATCH ? 1 : run.counts.recomputed / (run.counts.recomputed + RECOMPUTE_BATCH),
    );
  }
  logger.info({ since: run.since, recomputed: run.counts.recomputed }, 'backfill recompute phase done');
}

function nowSeconds(clock: Clock): number {
  return Math.floor(clock.now().getTime() / 1000);
}

function clamp01(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}
