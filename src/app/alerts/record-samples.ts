import { caseMetricValues, cesMetricValues } from '../../domain/alerts/alert-metrics.js';
import type { MetricSample } from '../../domain/alerts/sample.js';
import { segmentsOf } from '../../domain/alerts/segments.js';
import { lastResolvedAt } from '../../domain/compute-drivers.js';
import { SOLVED_STATUSES } from '../../domain/timeline.js';
import type { SurveyRecord } from '../../ports/survey-store.js';
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

/** A solved case's drivers and effort index, once per case (`case:<ticketId>`). False when not solved. */
export async function recordCaseSample(deps: AlertDeps, ticketId: number, fallbackAt: Date): Promise<boolean> {
  const effort = await deps.store.tickets.getEffort(ticketId);
  if (!effort || !SOLVED_STATUSES.has(effort.ticket.status)) return false;
  const { ticket } = effort;
  await recordSample(deps, {
    key: `case:${ticketId}`,
    ticketId,
    at: lastResolvedAt(effort.timeline) ?? fallbackAt,
    team: ticket.groupId,
    segments: segmentsOf(ticket, deps.settings.watch),
    values: caseMetricValues(effort.drivers, effort.score),
  });
  return true;
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
