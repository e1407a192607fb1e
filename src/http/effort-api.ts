import { Router } from 'express';
import { driverLines } from '../domain/report/report-case.js';
import { SCALES } from '../domain/survey/survey.js';
import type { CaseTimeline } from '../domain/timeline.js';
import type { Store, TicketEffortRecord } from '../ports/store.js';
import type { SurveyRecord } from '../ports/survey-store.js';

/** The timeline in a few numbers and the ordered list of what happened, for agents and leads. */
function summarizeTimeline(timeline: CaseTimeline) {
  const customerTouches = timeline.touches.filter((t) => t.actor === 'customer');
  return {
    createdAt: timeline.createdAt.toISOString(),
    customerChannels: customerTouches.map((t) => t.channel),
    touches: timeline.touches.length,
    customerTouches: customerTouches.length,
    agentTouches: timeline.touches.length - customerTouches.length,
    events: [
      ...timeline.touches.map((t) => ({ at: t.at, type: `${t.actor}_touch`, channel: t.channel, public: t.public })),
      ...timeline.assignments.map((a) => ({ at: a.at, type: `${a.kind}_changed`, from: a.from, to: a.to })),
      ...timeline.statusChanges.map((s) => ({ at: s.at, type: 'status_changed', from: s.from, to: s.to })),
    ]
      .sort((a, b) => a.at.getTime() - b.at.getTime())
      .map((e) => ({ ...e, at: e.at.toISOString() })),
  };
}

const CLOSED_STATUSES = new Set(['solved', 'closed']);

/**
 * The shape of docs/contract.md; keys may be added, never renamed. An open ticket's drivers
 * are live: read again when someone asks after the ticket changed (createEffortApi), so `open`
 * tells a reader (the agents' sidebar app) that the figures may still grow, as of `syncedAt`.
 */
export function effortResponse(record: TicketEffortRecord, survey: SurveyRecord | null) {
  return {
    ticketId: record.ticket.id,
    status: record.ticket.status,
    open: !CLOSED_STATUSES.has(record.ticket.status),
    effortIndex: record.score.index,
    effortLevel: record.score.level,
    drivers: record.drivers,
    /** One English line per driver present ("passed between 3 teams"). */
    driverLines: driverLines(record.drivers),
    contributions: record.score.contributions,
    survey: survey && {
      kind: survey.kind,
      status: survey.status,
      score: survey.score,
      scaleMax: SCALES[survey.kind].max,
      channel: survey.channel,
      channelReason: survey.channelReason,
      verbatim: survey.verbatim,
      skipReason: survey.skipReason,
      skipRule: survey.skipRule,
      // Weight an answer by 1 / sampleRate; a new wordingVersion is a break in the trend.
      sampleRate: survey.sampleRate,
      wording: survey.wording,
      wordingVersion: survey.wordingVersion,
      round: survey.round,
      reminderSentAt: survey.reminderSentAt?.toISOString() ?? null,
      sentAt: survey.sentAt?.toISOString() ?? null,
      answeredAt: survey.answeredAt?.toISOString() ?? null,
    },
    timeline: summarizeTimeline(record.timeline),
    computedAt: record.computedAt.toISOString(),
    syncedAt: record.ticket.syncedAt?.toISOString() ?? null,
  };
}

/**
 * GET /api/tickets/{id}/effort. For an open ticket that changed since its drivers were
 * counted, `refreshOpenTicket` reads its audits first (one call per change looked at), so the
 * agents' panel shows live drivers although webhooks alone cost no call.
 */
export function createEffortApi(
  store: Store,
  refreshOpenTicket: (ticketId: number) => Promise<unknown> = async () => undefined,
): Router {
  const router = Router();
  router.get('/tickets/:id/effort', async (req, res, next) => {
    try {
      const ticketId = Number(req.params.id);
      if (!Number.isSafeInteger(ticketId) || ticketId <= 0) {
        res.status(400).json({ error: 'bad_ticket_id', message: 'The ticket id must be a positive whole number.' });
        return;
      }
      await refreshOpenTicket(ticketId);
      const record = await store.tickets.getEffort(ticketId);
      if (!record) {
        res.status(404).json({ error: 'not_found', message: `No effort computed for ticket ${ticketId} yet.` });
        return;
      }
      res.json(effortResponse(record, await store.surveys.getByTicket(ticketId)));
    } catch (error) {
      next(error);
    }
  });
  return router;
}
