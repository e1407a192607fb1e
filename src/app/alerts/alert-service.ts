import type { AlertRules } from '../../domain/alerts/rules.js';
import type { AlertInbound } from '../../ports/alert-channel.js';
import { errorMessage } from '../../ports/errors.js';
import type { EventBus } from '../event-bus.js';
import type { AlertDeps } from './alert-deps.js';
import { createAlertInbound } from './alert-inbound.js';
import { evaluateAlerts, type EvaluationReport } from './evaluate-alerts.js';
import { handleLowScoreAnswer } from './low-score-alert.js';
import type { ComputedEffort } from '../recompute-effort.js';
import { recordAnswerSample, recordCaseSample, recordCaseSamples } from './record-samples.js';
import { oldestHourNeeded, refreshAggregates } from './shared-aggregates.js';

export { oldestHourNeeded };

export interface AlertService {
  /** Reads the stored hourly buckets every window can reach into memory (evaluations keep them up to date). */
  load(): Promise<void>;
  /** Judges every segment now and moves alerts; one at a time across every instance on the database (`skipped` otherwise). */
  evaluate(): Promise<EvaluationReport>;
  /** Samples solved cases and CES answers as they happen, and evaluates after each answer. */
  listen(events: EventBus): void;
  /**
   * The bulk path for backfills: samples the solved ones of many recomputed cases in one
   * write, inside the caller's transaction (so it does not wait for evaluations: one may be
   * waiting for the turn that transaction holds); returns how many were solved.
   */
  recordSolvedCases(cases: readonly ComputedEffort[], fallbackAt: Date): Promise<number>;
  /** Evaluates every `evaluateEveryMs`; returns the stop function. */
  schedule(): () => void;
  inbound: AlertInbound;
  /** The rules in force (for reports that explain why nothing fired). */
  rules: AlertRules;
}

/** Only one instance on the database evaluates at a time (Store.exclusively). */
const EVALUATOR = 'alerts.evaluate';

export function createAlertService(deps: AlertDeps): AlertService {
  // Recording and evaluating share the aggregates and the alert rows: one at a time.
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  };
  const log = deps.logger;

  // Pruning walks every cell; it is only worth it when the oldest hour a window needs moved,
  // not on each of the evaluations that follow every answer.
  let prunedBefore = Number.NEGATIVE_INFINITY;
  // Every instance may call this (after its answers, on its schedule); one at a time on the
  // whole database evaluates, the others return at once with a skipped report.
  const evaluate = () =>
    exclusive(async (): Promise<EvaluationReport> => {
      const now = deps.clock.now();
      const outcome = await deps.store.exclusively(EVALUATOR, () => {
        const oldest = oldestHourNeeded(deps.settings.rules, now);
        if (oldest > prunedBefore) {
          deps.aggregates.prune(oldest);
          prunedBefore = oldest;
        }
        return evaluateAlerts(deps, now);
      });
      if (outcome.ran) return outcome.result;
      log.debug('alert evaluation skipped: another instance is evaluating');
      return { at: now, judgeMs: 0, segments: [], opened: [], updated: [], resolved: [], skipped: true };
    });

  return {
    async load() {
      const hours = await refreshAggregates(deps, deps.clock.now());
      log.info({ series: deps.aggregates.seriesCount, hours }, 'alert aggregates loaded');
    },

    evaluate,

    recordSolvedCases: (cases, fallbackAt) => recordCaseSamples(deps, cases, fallbackAt),

    listen(events) {
      // These run inside the delivery's transaction: they write their rows there and touch the
      // in-memory sums only after it commits (recordSample). They must not wait for `exclusive`:
      // an evaluation holding it may itself be waiting for the database turn the transaction holds.
      events.on('effort.computed', async (event) => {
        await recordCaseSample(deps, event.ticketId, event.at);
      });
      events.on('survey.answered', async (event) => {
        const survey = await deps.store.surveys.getById(event.surveyId);
        if (survey) await recordAnswerSample(deps, survey);
        await handleLowScoreAnswer(deps, event);
        // The answer is stored either way; an evaluation that fails is retried by the schedule.
        deps.store.afterCommit(() => {
          evaluate().catch((error) =>
            log.error(
              { err: error, ticketId: event.ticketId },
              `alert evaluation after an answer failed: ${errorMessage(error)}`,
            ),
          );
        });
      });
    },

    schedule() {
      const timer = setInterval(() => {
        evaluate().catch((error) =>
          log.error({ err: error }, `scheduled alert evaluation failed: ${errorMessage(error)}`),
        );
      }, deps.settings.evaluateEveryMs);
      timer.unref();
      return () => clearInterval(timer);
    },

    inbound: createAlertInbound(deps),
    rules: deps.settings.rules,
  };
}
