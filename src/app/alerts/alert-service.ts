import { windowBounds } from '../../domain/alerts/aggregates.js';
import { rulesFor, type AlertRules } from '../../domain/alerts/rules.js';
import type { AlertInbound } from '../../ports/alert-channel.js';
import { errorMessage } from '../../ports/errors.js';
import type { EventBus } from '../event-bus.js';
import type { AlertDeps } from './alert-deps.js';
import { createAlertInbound } from './alert-inbound.js';
import { evaluateAlerts, type EvaluationReport } from './evaluate-alerts.js';
import { handleLowScoreAnswer } from './low-score-alert.js';
import { recordAnswerSample, recordCaseSample } from './record-samples.js';

export interface AlertService {
  /** Reads the stored hourly buckets every window can reach into memory. */
  load(): Promise<void>;
  /** Judges every segment now and moves alerts; runs one at a time. */
  evaluate(): Promise<EvaluationReport>;
  /** Samples solved cases and CES answers as they happen, and evaluates after each answer. */
  listen(events: EventBus): void;
  /** Samples one case as solved now or earlier (backfill feeds history this way); false when it is not solved. */
  recordSolvedCase(ticketId: number, fallbackAt: Date): Promise<boolean>;
  /** Evaluates every `evaluateEveryMs`; returns the stop function. */
  schedule(): () => void;
  inbound: AlertInbound;
  /** The rules in force (for reports that explain why nothing fired). */
  rules: AlertRules;
}

/** The earliest hour any segment's window reaches at `now`. */
export function oldestHourNeeded(rules: AlertRules, now: Date): number {
  const all = [rules.defaults, ...Object.keys(rules.overrides).map((segment) => rulesFor(rules, segment))];
  return Math.min(...all.map((r) => windowBounds(now, r).baselineFrom));
}

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
  const evaluate = () =>
    exclusive(async () => {
      const now = deps.clock.now();
      const oldest = oldestHourNeeded(deps.settings.rules, now);
      if (oldest > prunedBefore) {
        deps.aggregates.prune(oldest);
        prunedBefore = oldest;
      }
      return evaluateAlerts(deps, now);
    });

  return {
    async load() {
      const since = oldestHourNeeded(deps.settings.rules, deps.clock.now());
      for (const bucket of await deps.store.alertSamples.listBuckets(since)) deps.aggregates.addBucket(bucket);
      log.info({ series: deps.aggregates.seriesCount }, 'alert aggregates loaded');
    },

    evaluate,

    recordSolvedCase: (ticketId, fallbackAt) => exclusive(() => recordCaseSample(deps, ticketId, fallbackAt)),

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
