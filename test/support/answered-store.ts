/**
 * Fills a store with solved tickets whose drivers are stored (at a given scoring version) and
 * whose customers answered CES, drawn from the seeded stream of answered-cases.ts.
 */
import type { Store } from '../../src/ports/store.js';
import { storeSolvedTicket } from './alert-harness.js';
import { answeredCases } from './answered-cases.js';
import { newSurvey } from './new-survey.js';

export async function storeAnsweredCases(
  store: Store,
  options: { seed: number; cases: number; answeredAt: Date; version: string },
): Promise<void> {
  const at = options.answeredAt;
  const cases = answeredCases({ seed: options.seed, cases: options.cases });
  await store.atomically(async () => {
    for (const [i, answered] of cases.entries()) {
      const id = 1000 + i;
      await storeSolvedTicket(store, id, at, {
        drivers: answered.drivers,
        ticket: { status: 'closed' },
        scoringVersion: options.version,
      });
      const answer = { status: 'answered' as const, score: answered.ces, sentAt: at, answeredAt: at };
      await store.surveys.upsertForTicket(newSurvey(id, answer), at);
    }
  });
}
