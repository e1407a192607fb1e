import { Router } from 'express';
import type { SurveyExplanation } from '../app/surveys/explain-survey.js';

/** Explains one ticket's survey decision; null when the ticket is not in Zendesk. */
export type ExplainSurveyDecision = (ticketId: number) => Promise<SurveyExplanation | null>;

/**
 * GET /api/tickets/{id}/survey-decision: what `effortless survey explain --ticket N` prints,
 * as JSON. It reads Zendesk, so it answers 503 while the Zendesk API is not configured.
 */
export function createSurveyDecisionApi(explain: ExplainSurveyDecision | null): Router {
  const router = Router();
  router.get('/tickets/:id/survey-decision', async (req, res, next) => {
    try {
      const ticketId = Number(req.params.id);
      if (!Number.isSafeInteger(ticketId) || ticketId <= 0) {
        res.status(400).json({ error: 'bad_ticket_id', message: 'The ticket id must be a positive whole number.' });
        return;
      }
      if (!explain) {
        res.status(503).json({
          error: 'zendesk_off',
          message: 'Set ZENDESK_URL, ZENDESK_EMAIL and ZENDESK_API_TOKEN to explain survey decisions.',
        });
        return;
      }
      const explanation = await explain(ticketId);
      if (!explanation) {
        res.status(404).json({ error: 'not_found', message: `Zendesk has no ticket ${ticketId}.` });
        return;
      }
      res.json(explanation);
    } catch (error) {
      next(error);
    }
  });
  return router;
}
