import { PermanentError } from '../../src/ports/errors.js';
import { localDeliveryHandler, type DeliveryHandler } from '../../src/ports/inbox.js';
import type { SurveyInbound } from '../../src/ports/survey-channels.js';
import { readAnswerEvent } from './map.js';

/**
 * Worker side of POST /webhooks/sunco: one stored event (a customer's message or postback)
 * becomes an answer. It only touches the database (the reply goes out through the outbox),
 * so the worker commits it together with the delivery's `done`.
 */
export function createSuncoDeliveryHandler(deps: { inbound: SurveyInbound }): DeliveryHandler {
  return localDeliveryHandler(async (delivery) => {
    let event: unknown;
    try {
      event = JSON.parse(delivery.rawBody);
    } catch (error) {
      throw new PermanentError(`stored Conversations event is not JSON: ${(error as Error).message}`);
    }
    const answer = readAnswerEvent(event);
    if (!answer) return 'ignored';
    await deps.inbound.handleMessagingReply({ ...answer, receivedAt: delivery.receivedAt });
    return 'done';
  });
}
