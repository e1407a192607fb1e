import type { Request, RequestHandler, Response } from 'express';
// TwiML from its own module, not the whole client: see verify.ts.
import MessagingResponse from 'twilio/lib/twiml/MessagingResponse.js';
import { maskPhone, type Logger } from '../../src/logger.js';
import type { Metrics } from '../../src/metrics.js';
import type { Clock } from '../../src/ports/clock.js';
import { errorMessage } from '../../src/ports/errors.js';
import type { Store } from '../../src/ports/store.js';
import {
  TWILIO_SMS_PROVIDER,
  TWILIO_STATUS_PROVIDER,
  type DeliveryInbox,
  type InboxProvider,
} from '../../src/ports/inbox.js';
import type { SurveyInbound } from '../../src/ports/survey-channels.js';
import { formParamsOf, parseSmsStatus, parseInboundSms, type FormParams } from './map.js';
import { signedUrlOf, verifyTwilioRequest } from './verify.js';

/** Handled inline; the worker replays a delivery only if it is still not done after this long. */
const INLINE_GRACE_MS = 5 * 60_000;

export interface TwilioWebhookDeps {
  /** TWILIO_AUTH_TOKEN; null when Twilio is off. */
  authToken: string | null;
  /** PUBLIC_URL: the base of the URLs configured in Twilio. */
  publicUrl: string;
  inbound: SurveyInbound;
  inbox: DeliveryInbox;
  /** Store.atomically: commits the inline handling and the delivery's `done` together. */
  atomically: Store['atomically'];
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
}

type Outcome = 'stored' | 'duplicate' | 'rejected' | 'malformed';

/**
 * Shared front half of both Twilio webhooks (mounted behind `express.urlencoded`): Twilio
 * on, signature valid. Answers the request itself and returns null otherwise.
 */
function admit(deps: TwilioWebhookDeps, req: Request, res: Response, count: (o: Outcome) => void): FormParams | null {
  if (!deps.authToken) {
    count('rejected');
    deps.logger.warn(
      { path: req.path },
      'Twilio webhook refused: TWILIO_AUTH_TOKEN is not set, so its signature cannot be checked',
    );
    res.status(503).json({
      error: 'twilio_webhooks_off',
      message: 'Twilio is not configured (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM)',
    });
    return null;
  }
  const params = formParamsOf(req.body);
  const url = signedUrlOf(deps.publicUrl, req.originalUrl);
  const verdict = verifyTwilioRequest({
    authToken: deps.authToken,
    signature: req.header('x-twilio-signature'),
    url,
    params,
  });
  if (!verdict.ok) {
    count('rejected');
    // The URL is the operator's own (PUBLIC_URL + path); showing it is what makes the hint actionable.
    deps.logger.warn({ reason: verdict.reason, url }, `Twilio webhook signature rejected: ${verdict.hint}`);
    res.status(403).json({ error: 'invalid_signature', reason: verdict.reason });
    return null;
  }
  return params;
}

function sendTwiml(res: Response, reply: string | null): void {
  const twiml = new MessagingResponse();
  if (reply) twiml.message(reply);
  res.status(200).type('text/xml').send(twiml.toString());
}

type Handled<T> = { kind: 'duplicate' } | { kind: 'failed' } | { kind: 'done'; value: T };

/**
 * Shared back half: store the delivery once (the worker may replay it only after a grace
 * period), run `work` inline, then mark it done; a failure makes it due for the worker at once
 * and answers 500. A duplicate runs nothing.
 */
async function storeThenHandle<T>(
  deps: TwilioWebhookDeps,
  delivery: { provider: InboxProvider; deliveryId: string; eventType: string; params: FormParams },
  context: { res: Response; log: Logger; count: (o: Outcome) => void; what: string },
  work: (receivedAt: Date) => Promise<T>,
): Promise<Handled<T>> {
  const receivedAt = deps.clock.now();
  const stored = await deps.inbox.add({
    provider: delivery.provider,
    deliveryId: delivery.deliveryId,
    eventType: delivery.eventType,
    rawBody: JSON.stringify(delivery.params),
    receivedAt,
    notBefore: new Date(receivedAt.getTime() + INLINE_GRACE_MS),
  });
  context.count(stored.duplicate ? 'duplicate' : 'stored');
  if (stored.duplicate) {
    context.log.info(`${context.what} seen before; not handled again`);
    return { kind: 'duplicate' };
  }
  try {
    // The answer and the delivery's `done` commit together: a crash between them would make
    // the worker replay a reply that was already recorded.
    const value = await deps.atomically(async () => {
      const handled = await work(receivedAt);
      await deps.inbox.markDone(stored.id, 'done', deps.clock.now());
      return handled;
    });
    return { kind: 'done', value };
  } catch (error) {
    context.log.error({ err: error }, `handling the ${context.what} failed; the worker replays the stored delivery`);
    // Due at once: the grace period only guards deliveries still being handled inline.
    await deps.inbox.markFailed(stored.id, errorMessage(error), deps.clock.now());
    context.res.status(500).json({ error: 'processing_failed' });
    return { kind: 'failed' };
  }
}

/**
 * POST /webhooks/twilio/sms: an inbound SMS, answered with TwiML.
 *
 * Twilio does not retry a webhook that answered 5xx unless the URL asks for it (connection
 * overrides: retry count `rc` defaults to 1 and the retry policy `rp` to connect failures
 * only). So the delivery is stored before the survey service sees it: when handling fails,
 * the row stays pending and the delivery worker replays it (see handle-delivery.ts), even
 * though the reply can then no longer travel back as TwiML. The 500 still goes out so the
 * failure shows in Twilio's debugger (11200) and a configured Fallback URL is tried; a retry
 * or fallback that reaches this handler finds the stored row and gets an empty Response.
 */
export function createTwilioSmsWebhook(deps: TwilioWebhookDeps): RequestHandler {
  const count = (outcome: Outcome) => deps.metrics.webhookDeliveries.inc({ provider: 'twilio', outcome });
  return async (req, res, next) => {
    try {
      const params = admit(deps, req, res, count);
      if (!params) return;
      const sms = parseInboundSms(params);
      if (!sms.ok) {
        count('malformed');
        deps.logger.warn({ missing: sms.missing }, 'Twilio inbound SMS lacks required parameters; answered 400');
        res.status(400).json({ error: 'malformed_body', missing: sms.missing });
        return;
      }
      const log = deps.logger.child({ messageSid: sms.value.messageSid, from: maskPhone(sms.value.from) });
      const handled = await storeThenHandle(
        deps,
        { provider: TWILIO_SMS_PROVIDER, deliveryId: sms.value.messageSid, eventType: 'sms.inbound', params },
        { res, log, count, what: 'inbound SMS' },
        (receivedAt) => deps.inbound.handleSmsReply({ ...sms.value, receivedAt }),
      );
      if (handled.kind === 'failed') return;
      const reply = handled.kind === 'done' ? handled.value.reply : null;
      if (handled.kind === 'done')
        log.info({ optOutType: sms.value.optOutType, replied: reply !== null }, 'twilio inbound sms handled');
      sendTwiml(res, reply);
    } catch (error) {
      next(error);
    }
  };
}

/** POST /webhooks/twilio/status: a message status callback; one delivery per (MessageSid, MessageStatus). */
export function createTwilioStatusWebhook(deps: TwilioWebhookDeps): RequestHandler {
  const count = (outcome: Outcome) => deps.metrics.webhookDeliveries.inc({ provider: 'twilio', outcome });
  return async (req, res, next) => {
    try {
      const params = admit(deps, req, res, count);
      if (!params) return;
      const status = parseSmsStatus(params);
      if (!status.ok) {
        count('malformed');
        deps.logger.warn({ missing: status.missing }, 'Twilio status callback lacks required parameters; answered 400');
        res.status(400).json({ error: 'malformed_body', missing: status.missing });
        return;
      }
      const { messageSid, status: messageStatus, errorCode } = status.value;
      const log = deps.logger.child({ messageSid, messageStatus, errorCode });
      const handled = await storeThenHandle(
        deps,
        {
          provider: TWILIO_STATUS_PROVIDER,
          deliveryId: `${messageSid}:${messageStatus}`,
          eventType: `sms.status.${messageStatus}`,
          params,
        },
        { res, log, count, what: 'status callback' },
        () => deps.inbound.handleSmsStatus(status.value),
      );
      if (handled.kind === 'failed') return;
      if (handled.kind === 'done') log.info('twilio status callback handled');
      res.status(204).end();
    } catch (error) {
      next(error);
    }
  };
}
