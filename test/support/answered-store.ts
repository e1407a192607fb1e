/**
 * Fills a store with solved tickets whose drivers are stored (at a given scoring version) and
 * whose customers answered CES, drawn from the seeded stream of answered-cases.ts.
 */
import { scoreEffort } from '../../src/domain/effort-index.js';
import type { Store } from '../../src/ports/store.js';
import { answeredCases } from './answered-cases.js';

export async function storeAnsweredCases(
  store: Store,
  options: { seed: number; cases: number; answeredAt: Date; version: string },
): Promise<void> {
  const at = options.answeredAt;
  const cases = answeredCases({ seed: options.seed, cases: options.cases });
  await store.atomically(async () => {
    for (const [i, answered] of cases.entries()) {
      const id = 1000 + i;
      await store.tickets.upsertTicket(
        {
          id,
          requesterId: 20_000 + i,
          status: 'closed',
          groupId: 42,
          assigneeId: 7,
          channel: 'email',
          tags: [],
          formId: null,
          type: null,
          subject: null,
          createdAt: new Date(at.getTime() - 86_400_000),
          updatedAt: at,
        },
        at,
      );
      const timeline = {
        ticketId: id,
        requesterId: 20_000 + i,
        createdAt: at,
        touches: [],
        assignments: [],
        statusChanges: [],
      };
      await store.tickets.saveEffort(
        id,
        timeline,
        answered.drivers,
        scoreEffort(answered.drivers),
        at,
        options.version,
      );
      await store.surveys.upsertForTicket(
        {
          ticketId: id,
          customerId: 20_000 + i,
          kind: 'CES',
          channel: 'sms',
          status: 'answered',
          skipRule: null,
          skipReason: null,
          language: 'en',
          address: null,
          scheduledFor: null,
          sentAt: at,
          providerMessageId: null,
          slackChannel: null,
          deliveryStatus: null,
          deliveryError: null,
          score: answered.ces,
          comment: null,
          verbatim: null,
          answeredAt: at,
          groupId: 42,
          assigneeId: 7,
          effortIndex: null,
        },
        at,
      );
    }
  });
}
