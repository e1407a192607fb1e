import type { LowScoreAlertView } from '../../domain/alerts/alert-view.js';
import { segmentLabel, teamSegment } from '../../domain/alerts/segments.js';
import type { EffortDrivers } from '../../domain/drivers.js';
import type { EventOf } from '../../domain/events.js';
import { SCALES } from '../../domain/survey/survey.js';
import type { AlertDeps } from './alert-deps.js';
import { ticketUrl } from './alert-settings.js';
import { queueAlertMessage } from './queue-alert-message.js';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The drivers that made the case hard, as a lead reads them; empty when it had none of them. */
export function hardCaseDrivers(drivers: EffortDrivers): string[] {
  const parts: string[] = [];
  if (drivers.teamHandoffs > 0) parts.push(plural(drivers.teamHandoffs, 'team handoff', 'team handoffs'));
  if (drivers.agentHandoffs > 0) parts.push(plural(drivers.agentHandoffs, 'agent handoff', 'agent handoffs'));
  if (drivers.channelSwitches > 0) parts.push(plural(drivers.channelSwitches, 'channel switch', 'channel switches'));
  return parts;
}

/**
 * Closed loop: a very low CES (1-2 by default) on a case that was passed around or made
 * the customer switch channels gets its own alert, so a lead can call back. The verbatim
 * usually arrives a little later (the follow-up question); the alert is then redrawn.
 */
export async function handleLowScoreAnswer(deps: AlertDeps, event: EventOf<'survey.answered'>): Promise<void> {
  const { lowScore } = deps.settings;
  if (!lowScore.enabled || event.kind !== 'CES' || event.score === null || event.score > lowScore.maxScore) return;
  const subject = `survey:${event.surveyId}`;
  const now = deps.clock.now();
  const existing = await deps.store.alerts.findActive('low_score', subject);
  if (existing) {
    const view = existing.view as LowScoreAlertView;
    if (view.verbatim === event.verbatim && view.score === event.score) return;
    const redrawn: LowScoreAlertView = { ...view, verbatim: event.verbatim, score: event.score };
    await deps.store.alerts.update(existing.id, { view: redrawn }, now);
    await queueAlertMessage(
      deps,
      { op: 'update', alertId: existing.id, message: { type: 'low_score', view: redrawn } },
      `alert:${existing.id}:update:${now.getTime()}`,
      now,
    );
    return;
  }
  const effort = await deps.store.tickets.getEffort(event.ticketId);
  const drivers = effort ? hardCaseDrivers(effort.drivers) : [];
  if (!effort || drivers.length === 0) return;
  const survey = await deps.store.surveys.getById(event.surveyId);
  const customer =
    effort.ticket.requesterId === null ? null : await deps.store.tickets.getCustomer(effort.ticket.requesterId);
  const alert = await deps.store.alerts.create(
    { kind: 'low_score', subject, ticketId: event.ticketId, metrics: [], view: null },
    now,
  );
  const view: LowScoreAlertView = {
    alertId: alert.id,
    ticketId: event.ticketId,
    ticketUrl: ticketUrl(deps.settings, event.ticketId),
    surveyKind: 'CES',
    score: event.score,
    scaleMax: SCALES.CES.max,
    customerName: customer?.name ?? null,
    teamLabel: segmentLabel(teamSegment(survey?.groupId ?? effort.ticket.groupId), deps.settings.teamNames),
    drivers,
    verbatim: event.verbatim,
    status: 'open',
    acknowledgedBy: null,
  };
  await deps.store.alerts.update(alert.id, { view }, now);
  await queueAlertMessage(
    deps,
    { op: 'post', alertId: alert.id, message: { type: 'low_score', view } },
    `alert:${alert.id}:post`,
    now,
  );
  deps.countAlert?.('low_score');
  deps.logger.warn(
    { alertId: alert.id, ticketId: event.ticketId, surveyId: event.surveyId, score: event.score },
    'low score alert opened',
  );
}
