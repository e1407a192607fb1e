/**
 * What accepting a signed Zendesk delivery must do that the no-op route does not: check its
 * HMAC, parse it, and store it (in batches of 20, as group commit writes the load's 20
 * connections). Each is timed in a loop of its own in this process, over the same signed
 * bodies the load posts, through the service's own functions and store. A loop keeps the
 * CPU's caches warm, which a server between requests does not, so these are lower bounds:
 * beside the no-op route's CPU per request, they give the best ratio the route could reach
 * without reading the body, logging or counting anything.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../db/open-store.js';
import { parseZendeskWebhook } from '../integrations/zendesk/map.js';
import { verifyZendeskSignature } from '../integrations/zendesk/verify.js';
import { ticketOrderingKey, ZENDESK_PROVIDER } from '../src/ports/inbox.js';
import { BENCH_WEBHOOK_SECRET } from './bench-webhook-secret.js';
import { signedDelivery } from './ingest-load.js';

export interface AcceptFloor {
  verifyMicros: number;
  parseMicros: number;
  storeMicros: number;
}

const BATCH = 20;

/** CPU µs per item of `work` over every item (user + system, this process). */
async function cpuPerItem<T>(items: T[], work: (batch: T[]) => unknown): Promise<number> {
  const before = process.cpuUsage();
  for (let i = 0; i < items.length; i += BATCH) await work(items.slice(i, i + BATCH));
  const used = process.cpuUsage(before);
  return (used.user + used.system) / items.length;
}

export async function measureAcceptFloor(requests = 20_000): Promise<AcceptFloor> {
  const deliveries = Array.from({ length: requests }, () => signedDelivery());
  const now = new Date();
  const verifyMicros = await cpuPerItem(deliveries, (batch) => {
    for (const { body, headers } of batch) {
      const verdict = verifyZendeskSignature({
        rawBody: Buffer.from(body),
        signature: headers['x-zendesk-webhook-signature'],
        timestamp: headers['x-zendesk-webhook-signature-timestamp'],
        secret: BENCH_WEBHOOK_SECRET,
        now,
      });
      if (!verdict.ok) throw new Error(`bench body not accepted: ${verdict.reason}`);
    }
  });
  const parsed = deliveries.map(({ body }) => ({ body, event: parseZendeskWebhook(JSON.parse(body)) }));
  const parseMicros = await cpuPerItem(deliveries, (batch) => {
    for (const { body } of batch) parseZendeskWebhook(JSON.parse(body));
  });
  const dir = mkdtempSync(join(tmpdir(), 'effortless-accept-floor-'));
  const store = await openStore(`file:${join(dir, 'effortless.db')}`, { migrate: true });
  try {
    const storeMicros = await cpuPerItem(parsed, (batch) =>
      Promise.all(
        batch.map(({ body, event }) =>
          store.deliveries.add({
            provider: ZENDESK_PROVIDER,
            deliveryId: event.kind === 'ticket' ? `event:${event.deliveryId}` : body,
            eventType: event.kind === 'ticket' ? event.eventType : 'ignored',
            rawBody: body,
            receivedAt: now,
            orderingKey: event.kind === 'ticket' ? ticketOrderingKey(event.ticketId) : null,
          }),
        ),
      ),
    );
    return { verifyMicros, parseMicros, storeMicros };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
