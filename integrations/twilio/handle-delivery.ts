import { PermanentError } from '../../src/ports/errors.js';
import {
  localDeliveryHandler,
  TWILIO_SMS_PROVIDER,
  TWILIO_STATUS_PROVIDER,
  type DeliveryHandler,
} from '../../src/ports/inbox.js';
import type { SurveyInbound } from '../../src/ports/survey-channels.js';
import { formParamsOf, parseInboundSms, parseSmsStatus } from './map.js';

/**
 * Worker side of the Twilio webhooks, for deliveries the webhook stored but could not finish
 * (the survey service threw). Twilio will not send them again, so this is their only retry.
 * Register it for both providers: TWILIO_SMS_PROVIDER and TWILIO_STATUS_PROVIDER.
 */
export function createTwilioDeliveryHandler(deps: { inbound: SurveyInbound }): DeliveryHandler {
  // Recording an answer is local: it commits together with the delivery's `done`.
  return localDeliveryHandler(async (delivery, log) => {
    let params: ReturnType<typeof formParamsOf>;
    try {
      params = formParamsOf(JSON.parse(delivery.rawBody));
    } catch (error) {
      throw new PermanentError(`stored Twilio delivery is not JSON: ${(error as Error).message}`);
    }
    if (delivery.provider === TWILIO_SMS_PROVIDER) {
      const sms = parseInboundSms(params);
      if (!sms.ok) throw new PermanentError(`stored inbound SMS lacks ${sms.missing.join(', ')}`);
      const { reply } = await deps.inbound.handleSmsReply({ ...sms.value, receivedAt: delivery.receivedAt });
      // The webhook request is long answered: a reply can no longer go back as TwiML.
      if (reply !== null) log.warn('inbound SMS handled late; its TwiML reply was dropped');
      return 'done';
    }
    if (delivery.provider === TWILIO_STATUS_PROVIDER) {
      const status = parseSmsStatus(params);
      if (!status.ok) throw new PermanentError(`stored status callback lacks ${status.missing.join(', ')}`);
      await deps.inbound.handleSmsStatus(status.value);
      return 'done';
    }
    throw new PermanentError(`not a Twilio delivery: ${delivery.provider}`);
  });
}
