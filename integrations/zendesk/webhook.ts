import { createHash } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import type { Logger } from '../../src/logger.js';
import type { Metrics } from '../../src/metrics.js';
import type { Clock } from '../../src/ports/clock.js';
import { ticketOrderingKey, ZENDESK_PROVIDER, type DeliveryInbox, type NewDelivery } from '../../src/ports/inbox.js';
import { parseZendeskWebhook, ZendeskPayloadError, type ZendeskWebhookEvent } from './map.js';
import { verifyZendeskSignature } from './verify.js';

export interface ZendeskWebhookDeps {
  secret: string | null;
  inbox: DeliveryInbox;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  /** Called after a new delivery is stored, to wake the worker. */
  onStored?: () => void;
}

/**
 * The identity Zendesk keeps across retries: the event id of an event subscription, else
 * the webhook invocation id (the same for every attempt), else the body itself.
 */
function deliveryIdOf(req: Request, eventId: string | null, rawBody: Buffer): string {
  if (eventId) return `event:${eventId}`;
  const invocation = req.header('x-zendesk-webhook-invocation-id');
  if (invocation) return `invocation:${req.header('x-zendesk-webhook-id') ?? ''}:${invocation}`;
  return `sha256:${createHash('sha256').update(rawBody).digest('hex')}`;
}

/** The inbox row of one parsed delivery (the worker reads its event type and body again). */
export function zendeskDelivery(
  event: ZendeskWebhookEvent,
  deliveryId: string,
  rawBody: string,
  receivedAt: Date,
): NewDelivery {
  return {
    provider: ZENDESK_PROVIDER,
    deliveryId,
    eventType: event.kind === 'ticket' ? event.eventType : `ignored:${event.reason}`,
    rawBody,
    receivedAt,
    // One ticket's deliveries are handled one at a time, in order; different tickets in parallel.
    orderingKey: event.kind === 'ticket' ? ticketOrderingKey(event.ticketId) : null,
  };
}

/**
 * POST /webhooks/zendesk: verify on the raw body, store, acknowledge. The worker does the
 * rest, so Zendesk gets its 200 in milliseconds and nothing is lost if processing fails.
 * Needs `express.raw()` in front of it.
 */
export function createZendeskWebhookHandler(deps: ZendeskWebhookDeps): RequestHandler {
  const count = (outcome: string) => deps.metrics.webhookDeliveries.inc({ provider: 'zendesk', outcome });
  return async (req, res, next) => {
    try {
      const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      if (!deps.secret) {
        count('rejected');
        deps.logger.warn(
          'Zendesk webhook refused: ZENDESK_WEBHOOK_SECRET is not set, so its signature cannot be checked',
        );
        res.status(503).json({ error: 'zendesk_webhooks_off', message: 'ZENDESK_WEBHOOK_SECRET is not configured' });
        return;
      }
      const verdict = verifyZendeskSignature({
        rawBody,
        signature: req.header('x-zendesk-webhook-signature'),
        timestamp: req.header('x-zendesk-webhook-signature-timestamp'),
        secret: deps.secret,
        now: deps.clock.now(),
      });
      if (!verdict.ok) {
        count('rejected');
        deps.logger.warn(
          { reason: verdict.reason, webhookId: req.header('x-zendesk-webhook-id') },
          `Zendesk webhook signature rejected: ${verdict.hint}`,
        );
        res.status(401).json({ error: 'invalid_signature', reason: verdict.reason });
        return;
      }
      const bodyText = rawBody.toString('utf8'); // decoded once: parsed here, stored below
      let event: ReturnType<typeof parseZendeskWebhook>;
      try {
        event = parseZendeskWebhook(JSON.parse(bodyText));
      } catch (error) {
        if (!(error instanceof SyntaxError) && !(error instanceof ZendeskPayloadError)) throw error;
        const message = (error as Error).message;
        count('malformed');
        deps.logger.warn({ err: message }, 'Zendesk webhook body is not a Zendesk ticket payload; answered 400');
        res.status(400).json({ error: 'malformed_body', message });
        return;
      }
      const eventId = event.kind === 'ticket' ? event.deliveryId : null;
      const deliveryId = deliveryIdOf(req, eventId, rawBody);
      const stored = await deps.inbox.add(zendeskDelivery(event, deliveryId, bodyText, deps.clock.now()));
      count(stored.duplicate ? 'duplicate' : 'stored');
      // Debug, not info: one line per delivery was a tenth of the CPU an accepted webhook costs
      // (the worker logs each case it syncs, and the deliveries counter counts every outcome).
      deps.logger.debug(
        { deliveryId, ticketId: event.kind === 'ticket' ? event.ticketId : undefined, duplicate: stored.duplicate },
        'zendesk delivery stored',
      );
      if (!stored.duplicate) deps.onStored?.();
      res.status(200).json({ status: stored.duplicate ? 'duplicate' : 'stored' });
    } catch (error) {
      next(error);
    }
  };
}
