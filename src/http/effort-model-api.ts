import { Router } from 'express';

/** GET /api/effort/model (behind the dashboard token): see src/app/effort-model/effort-model-view.ts. */
export function createEffortModelApi(view: () => Promise<unknown>): Router {
  const router = Router();
  router.get('/effort/model', async (_req, res, next) => {
    try {
      res.json(await view());
    } catch (error) {
      next(error);
    }
  });
  return router;
}
