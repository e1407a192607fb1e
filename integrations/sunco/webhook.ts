import express, { type RequestHandler } from 'express';
import type { Logger } from '../../src/logger.js';
import type { Metrics } from '../../src/metrics.js';
import type { Clock } from '../../src/ports/clock.js';
import { SUNCO_PROVIDER, type DeliveryInbox } from '../../src/ports/inbox.js';
import { parseSuncoWebhook } from './map.js';
import { verifySuncoApiKey } from './verify.js';

/** Conversations batches events; a payload of a few messages is kilobytes. */
export const SUNCO_BODY_LIMIT = '1mb';

export interface SuncoWebhookDeps {
  /** SUNCO_WEBHOOK_SECRET; null when messaging is off. */
  secret: string | null;
  inbox: DeliveryInbox;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  /** Called after a new delivery is stored, to wake the delivery worker. */
  onStored?: () => void;
}

/** Deliveries of one conversation are handled one at a time, in the order they came. */
export function conversationOrderingKey(conversationId: string): string {
  return `conversation:${conversationId}`;
}

/**
 * POST /webhooks/sunco, as three steps: the `X-API-Key` header is checked before a byte of
 * the body is read (401, nothing stored), the body is read up to SUNCO_BODY_LIMIT (413
 * beyond), then every answer event in it (a customer's text message, a postback) is stored
 * in the inbox, one delivery per message id, and acknowledged with 200. The delivery worker
 * records the answers (handle-delivery.ts). Conversations retries a webhook that failed for
 * 15 minutes, so a retried payload finds its events stored and stores nothing twice; other
 * events are acknowledged and dropped.
 */
export function createSuncoWebhook(deps: SuncoWebhookDeps): RequestHandler[] {
  const count = (outcome: string, by = 1) => deps.metrics.webhookDeliveries.inc({ provider: 'sunco', outcome }, by);

  const checkKey: RequestHandler = (req, res, next) => {
    if (!deps.secret) {
      count('rejected');
      deps.logger.warn('Conversations webhook refused: SUNCO_WEBHOOK_SECRET is not set');
      res.status(503).json({ error: 'sunco_webhooks_off', message: 'Sunshine Conversations is not configured' });
      return;
    }
    if (!verifySuncoApiKey(req.header('x-api-key'), deps.secret)) {
      count('rejected');
      deps.logger.warn('Conversations webhook refused: X-API-Key does not match SUNCO_WEBHOOK_SECRET');
      res.status(401).json({ error: 'invalid_api_key' });
      return;
    }
    next();
  };

  const store: RequestHandler = async (req, res, next) => {
    try {
      const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
      let parsed: ReturnType<typeof parseSuncoWebhook>;
      try {
        parsed = parseSuncoWebhook(JSON.parse(raw));
      } catch (error) {
        parsed = { ok: false, reason: (error as Error).message };
      }
      if (!parsed.ok) {
        count('malformed');
        deps.logger.warn(
          { reason: parsed.reason },
          'Conversations webhook body is not a webhook payload; answered 400',
        );
        res.status(400).json({ error: 'malformed_body', message: parsed.reason });
        return;
      }
      const receivedAt = deps.clock.now();
      let stored = 0;
      for (const { raw: event, answer } of parsed.events) {
        if (!answer) continue;
        const added = await deps.inbox.add({
          provider: SUNCO_PROVIDER,
          deliveryId: answer.eventId,
          eventType: answer.type,
          rawBody: JSON.stringify(event),
          receivedAt,
          orderingKey: conversationOrderingKey(answer.conversationId),
        });
        count(added.duplicate ? 'duplicate' : 'stored');
        if (!added.duplicate) stored++;
      }
      const ignored = parsed.events.filter((e) => e.answer === null).length;
      if (ignored > 0) count('ignored', ignored);
      deps.logger.info({ events: parsed.events.length, stored, ignored }, 'conversations webhook stored');
      if (stored > 0) deps.onStored?.();
      res.status(200).json({ stored });
    } catch (error) {
      next(error);
    }
  };

  return [checkKey, express.raw({ type: () => true, limit: SUNCO_BODY_LIMIT }), store];
}
