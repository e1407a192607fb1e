import { Router } from 'express';
import { readSurveyRates } from '../app/surveys/survey-rates.js';
import type { Store } from '../ports/store.js';

/** GET /api/surveys/rates: surveys sent, answered and response rate per channel and journey rule; skips per rule. */
export function createSurveyRatesApi(store: Store): Router {
  const router = Router();
  router.get('/surveys/rates', async (_req, res, next) => {
    try {
      res.json(await readSurveyRates(store.surveys));
    } catch (error) {
      next(error);
    }
  });
  return router;
}
