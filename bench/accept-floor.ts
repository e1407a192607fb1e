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
import { zendeskDelivery } from '../integrations/zendesk/webhook.js';
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
  // Raw bodies as the route gets them from express.raw: Buffers, decoded once for the parse.
  const deliveries = Array.from({ length: requests }, () => {
    const { body, headers } = signedDelivery();
    return { rawBody: Buffer.from(body), headers };
  });
  const now = new Date();
  const verifyMicros = await cpuPerItem(deliveries, (batch) => {
    for (const { rawBody, headers } of batch) {
      const verdict = verifyZendeskSignature({
        rawBody,
        signature: headers['x-zendesk-webhook-signature'],
        timestamp: headers['x-zendesk-webhook-signature-timestamp'],
        secret: BENCH_WEBHOOK_SECRET,
        now,
      });
      if (!verdict.ok) throw new Error(`bench body not accepted: ${verdict.reason}`);
    }
  });
  const parsed: Array<{ body: string; event: ReturnType<typeof parseZendeskWebhook> }> = [];
  const parseMicros = await cpuPerItem(deliveries, (batch) => {
    for (const { rawBody } of batch) {
      const body = rawBody.toString('utf8');
      parsed.push({ body, event: parseZendeskWebhook(JSON.parse(body)) });
    }
  });
  const dir = mkdtempSync(join(tmpdir(), 'effortless-accept-floor-'));
  const store = await openStore(`file:${join(dir, 'effortless.db')}`, { migrate: true });
  try {
    const storeMicros = await cpuPerItem(parsed, (batch) =>
      Promise.all(
        batch.map(({ body, event }) => {
          if (event.kind !== 'ticket') throw new Error('bench body is not a ticket event');
          // The id the route gives an event subscription's delivery (integrations/zendesk/webhook.ts).
          return store.deliveries.add(zendeskDelivery(event, `event:${event.deliveryId}`, body, now));
        }),
      ),
    );
    return { verifyMicros, parseMicros, storeMicros };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
