import { ZendeskPayloadError } from '../../src/ports/errors.js';
import type { ReadZendeskDelivery } from '../../src/ports/zendesk.js';
import { parseZendeskWebhook } from './map.js';

/**
 * Worker side of POST /webhooks/zendesk: what a stored body asks for. Deciding whether to
 * sync, and syncing, is the application's (createTicketSyncDeliveryHandler).
 */
export const readZendeskDelivery: ReadZendeskDelivery = (rawBody) => {
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch (error) {
    // The webhook only stores JSON it could parse, so no later try reads this one either.
    throw new ZendeskPayloadError(error instanceof Error ? error.message : String(error));
  }
  // A body that is not a Zendesk shape throws ZendeskPayloadError, itself a permanent failure.
  const event = parseZendeskWebhook(body);
  return event.kind === 'ticket'
    ? { kind: 'ticket', ticketId: event.ticketId, status: event.status, snapshot: event.snapshot }
    : { kind: 'ignored', reason: event.reason };
};
