/**
 * What one claim costs as the queues grow: `deliveries.claimNext` and `outbox.claimNext`
 * on a file-backed database holding 100, 1,000 and 10,000 due rows (one ticket each, as in
 * a backlog after an outage). A claim runs synchronously and holds the connection's one
 * turn, so its cost is paid by every worker loop and every webhook waiting behind it.
 *
 *   npx tsx bench/queue-claim.bench.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openStore } from '../db/open-store.js';
import { ticketOrderingKey, ZENDESK_PROVIDER } from '../src/ports/inbox.js';
import { type NewOutboxMessage, SURVEY_SEND } from '../src/ports/outbox.js';

const SIZES = [100, 1_000, 10_000];
const CLAIMS = 200;

console.log('| due rows | deliveries.claimNext | outbox.claimNext |');
console.log('| --- | --- | --- |');
for (const size of SIZES) {
  const dir = mkdtempSync(join(tmpdir(), 'effortless-claim-'));
  const store = await openStore(`file:${join(dir, 'effortless.db')}`, { migrate: true });
  try {
    const now = new Date(Date.now() - 1000);
    for (let i = 0; i < size; i++) {
      await store.deliveries.add({
        provider: ZENDESK_PROVIDER,
        deliveryId: `claim-${i}`,
        eventType: 'zendesk-trigger',
        rawBody: '{}',
        receivedAt: now,
        orderingKey: ticketOrderingKey(i),
      });
      const message: NewOutboxMessage = {
        kind: SURVEY_SEND,
        dedupeKey: `claim-${i}`,
        ticketId: i,
        payload: { surveyId: i },
        notBefore: now,
      };
      await store.outbox.enqueue(message, now);
    }
    // Each claim leases one row; 200 of `size` leave the queue about as full as it was.
    const perClaim = async (claim: () => Promise<unknown>) => {
      const started = performance.now();
      for (let i = 0; i < CLAIMS; i++) await claim();
      return `${((performance.now() - started) / CLAIMS).toFixed(3)} ms`;
    };
    const deliveries = await perClaim(() => store.deliveries.claimNext(new Date(), 30_000));
    const outbox = await perClaim(() => store.outbox.claimNext(new Date(), 30_000));
    console.log(`| ${size.toLocaleString('en')} | ${deliveries} | ${outbox} |`);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
