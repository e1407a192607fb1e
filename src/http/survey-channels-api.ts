import { Router } from 'express';
import { SURVEY_CHANNELS } from '../domain/survey/survey.js';
import type { Store } from '../ports/store.js';

const DAY_MS = 24 * 3_600_000;

/** A `since`/`until` query value: an ISO date or date-time; undefined when absent, null when unreadable. */
function readDate(value: unknown): Date | null | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(value)) return null;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? null : at;
}

/**
 * GET /api/surveys/channels?since=&until=: surveys sent per channel in [since, until) (default
 * the last 30 days), how many were answered, the response rate, and how many low scores also
 * told us what made it hard. Every channel is listed, also one with nothing sent, so a lead
 * sees a channel that is set up but never chosen.
 */
export function createSurveyChannelsApi(store: Store, now: () => Date = () => new Date()): Router {
  const router = Router();
  router.get('/surveys/channels', async (req, res, next) => {
    try {
      const until = readDate(req.query.until);
      const since = readDate(req.query.since);
      if (until === null || since === null) {
        res.status(400).json({ error: 'bad_date', message: 'since and until must be ISO dates such as 2026-03-01.' });
        return;
      }
      const end = until ?? now();
      const start = since ?? new Date(end.getTime() - 30 * DAY_MS);
      if (start >= end) {
        res.status(400).json({ error: 'bad_range', message: 'since must be before until.' });
        return;
      }
      const counts = await store.surveys.countByChannel({ since: start, until: end });
      const channels = SURVEY_CHANNELS.map((channel) => {
        const row = counts.find((c) => c.channel === channel) ?? { sent: 0, answered: 0, withVerbatim: 0 };
        const responseRate = row.sent === 0 ? null : Math.round((row.answered / row.sent) * 1000) / 1000;
        return { channel, sent: row.sent, answered: row.answered, responseRate, withVerbatim: row.withVerbatim };
      });
      res.json({ since: start.toISOString(), until: end.toISOString(), channels });
    } catch (error) {
      next(error);
    }
  });
  return router;
}
