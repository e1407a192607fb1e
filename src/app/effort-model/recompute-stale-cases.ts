import type { Logger } from '../../logger.js';
import type { Clock } from '../../ports/clock.js';
import { errorMessage } from '../../ports/errors.js';
import type { Store } from '../../ports/store.js';
import { queueEffortWriteback } from '../effort-writeback.js';
import type { EventBus } from '../event-bus.js';
import { recomputeEffort } from '../recompute-effort.js';
import type { ScoringSource } from './scoring-in-force.js';

export interface RecomputeDeps {
  store: Store;
  events: EventBus;
  clock: Clock;
  logger: Logger;
  scoring: ScoringSource;
  /** The bot's Zendesk user id (its own updates are not touches); null while Zendesk is off. */
  botUserId: () => Promise<number | null>;
  effortFieldId: number | null;
  /** Cases per batch; the loop yields to other work between batches. */
  batchSize?: number;
  /** True once the service is stopping: the pass ends after the case in hand. */
  stopping?: () => boolean;
}

export interface RecomputeReport {
  version: string;
  recomputed: number;
  failed: number;
  /** The version changed during the pass (a new fit): the caller runs another pass. */
  interrupted: boolean;
}

/**
 * Scores again every stored case whose version is not the one in force, one case per
 * transaction, walking up the ticket ids once. For each case, like a sync would: the drivers
 * and score are stored with the new version, `effort.computed` is emitted (the alert sample
 * `case:<id>` replaces the case's earlier one, so nothing counts twice), and a solved ticket's
 * write-back is queued only when its effort state changed (queueEffortWriteback compares the
 * state key already written). A case that fails is logged and left for the next pass.
 */
export async function recomputeStaleCases(deps: RecomputeDeps): Promise<RecomputeReport> {
  const { store, logger } = deps;
  const scoring = deps.scoring.current();
  const botUserId = await deps.botUserId();
  const batchSize = deps.batchSize ?? 200;
  const report: RecomputeReport = { version: scoring.version, recomputed: 0, failed: 0, interrupted: false };
  let afterId = 0;
  for (;;) {
    const ids = await store.tickets.listTicketsScoredOtherThan(scoring.version, afterId, batchSize);
    if (ids.length === 0) break;
    for (const ticketId of ids) {
      if (deps.stopping?.()) return report;
      if (deps.scoring.current().version !== scoring.version) {
        report.interrupted = true;
        return report;
      }
      try {
        await recomputeOne(deps, ticketId, botUserId);
        report.recomputed += 1;
      } catch (error) {
        report.failed += 1;
        logger.error({ err: error, ticketId }, `recompute with the new scoring failed: ${errorMessage(error)}`);
      }
    }
    afterId = ids.at(-1)!;
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (report.recomputed + report.failed > 0)
    logger.info({ ...report }, 'stored cases scored with the scoring in force');
  return report;
}

async function recomputeOne(deps: RecomputeDeps, ticketId: number, botUserId: number | null): Promise<void> {
  const { store } = deps;
  const scoring = deps.scoring.current();
  await store.atomically(async () => {
    const now = deps.clock.now();
    const effort = await recomputeEffort(store.tickets, ticketId, {
      botUserId,
      weights: scoring.weights,
      definitions: scoring.definitions,
      now,
    });
    if (!effort) return;
    await deps.events.emit({
      type: 'effort.computed',
      ticketId,
      index: effort.score.index,
      level: effort.score.level,
      at: now,
    });
    // Closed tickets cannot be updated in Zendesk; solved ones are written only if the state changed.
    if (effort.ticket.status === 'solved') {
      const log = deps.logger.child({ ticketId });
      await queueEffortWriteback(store, effort, { effortFieldId: deps.effortFieldId, now, logger: log });
    }
  });
}
