import { caseMetricValues, cesMetricValues } from '../../domain/alerts/alert-metrics.js';
import type { MetricSample } from '../../domain/alerts/sample.js';
import { segmentsOf } from '../../domain/alerts/segments.js';
import { lastResolvedAt } from '../../domain/compute-drivers.js';
import { SOLVED_STATUSES } from '../../domain/timeline.js';
import type { SurveyRecord } from '../../ports/survey-store.js';
import type { ComputedEffort } from '../recompute-effort.js';
import type { AlertDeps } from './alert-deps.js';
import { mirrorWrite } from './shared-aggregates.js';

/**
 * Stores the sample (replacing an earlier one with its key) and mirrors it in memory once
 * the write is committed, so a rolled-back transaction leaves the sums as they were.
 */
export async function recordSample(deps: AlertDeps, sample: MetricSample): Promise<void> {
  const { previous, revisions } = await deps.store.alertSamples.record(sample);
  deps.store.afterCommit(() => mirrorWrite(deps, sample, previous, revisions));
}

/** A case's effort as recomputed or stored: enough to sample it. */
type CaseEffort = Pick<ComputedEffort, 'ticket' | 'timeline' | 'drivers' | 'score'>;

/** The sample of a solved case (`case:<ticketId>`), at its last solve; null when it is not solved. */
function caseSample(deps: AlertDeps, effort: CaseEffort, fallbackAt: Date): MetricSample | null {
  const { ticket } = effort;
  if (!SOLVED_STATUSES.has(ticket.status)) return null;
  return {
    key: `case:${ticket.id}`,
    ticketId: ticket.id,
    at: lastResolvedAt(effort.timeline) ?? fallbackAt,
    team: ticket.groupId,
    segments: segmentsOf(ticket, deps.settings.watch),
    values: caseMetricValues(effort.drivers, effort.score),
  };
}

/** A solved case's drivers and effort index, once per case (`case:<ticketId>`). False when not solved. */
export async function recordCaseSample(deps: AlertDeps, ticketId: number, fallbackAt: Date): Promise<boolean> {
  const effort = await deps.store.tickets.getEffort(ticketId);
  const sample = effort && caseSample(deps, effort, fallbackAt);
  if (!sample) return false;
  await recordSample(deps, sample);
  return true;
}

/**
 * The samples of many recomputed cases (a backfill's page) in one bulk write; returns how
 * many were solved. Not mirrored in memory: the hours written have new revisions, so the
 * next refresh (refreshAggregates) reloads them from the buckets.
 */
export async function recordCaseSamples(
  deps: AlertDeps,
  cases: readonly CaseEffort[],
  fallbackAt: Date,
): Promise<number> {
  const samples = cases.flatMap((effort) => caseSample(deps, effort, fallbackAt) ?? []);
  if (samples.length > 0) await deps.store.alertSamples.recordMany(samples);
  return samples.length;
}

/** A CES answer (`answer:<surveyId>`), counted for the team that solved the case. */
export async function recordAnswerSample(deps: AlertDeps, survey: SurveyRecord): Promise<boolean> {
  if (survey.kind !== 'CES' || survey.score === null) return false;
  const ticket = await deps.store.tickets.getTicket(survey.ticketId);
  await recordSample(deps, {
    key: `answer:${survey.id}`,
    ticketId: survey.ticketId,
    at: survey.answeredAt ?? deps.clock.now(),
    team: survey.groupId ?? ticket?.groupId ?? null,
    segments: segmentsOf(ticket ?? { channel: 'unknown', tags: [], formId: null }, deps.settings.watch),
    values: cesMetricValues(survey.score),
  });
  return true;
}
