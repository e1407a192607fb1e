import { Router } from 'express';
import { listDeadLetters } from '../app/dead-letters.js';
import type { Store } from '../ports/store.js';

/** GET /api/dead-letters: work that exhausted its retries, with the reason (operators). */
export function createDeadLettersApi(store: Store): Router {
  const router = Router();
  router.get('/dead-letters', async (req, res) => {
    const limit = Math.min(1000, Math.max(1, Number(req.query.limit ?? 200) || 200));
    const letters = await listDeadLetters(store, limit);
    res.json({
      deadLetters: letters.map((letter) => ({ ...letter, id: letter.ref, queuedAt: letter.queuedAt.toISOString() })),
      replay: 'npx effortless retry --id <id> | --all',
    });
  });
  return router;
}
