import { createTwilioDeliveryHandler } from '../integrations/twilio/handle-delivery.js';
import { createZendeskDeliveryHandler } from '../integrations/zendesk/handle-delivery.js';
import { createZendeskTicketUpdateSender } from '../integrations/zendesk/send-ticket-update.js';
import type { Clock } from '../src/app/clock.js';
import { ZENDESK_TICKET_UPDATE } from '../src/app/effort-writeback.js';
import type { EventBus } from '../src/app/event-bus.js';
import type { DeliveryHandler } from '../src/app/process-deliveries.js';
import type { OutboxSender, OutboxWorkerDeps } from '../src/app/process-outbox.js';
import { markSurveyFailed } from '../src/app/surveys/mark-survey-failed.js';
import { createSurveySender } from '../src/app/surveys/send-survey.js';
import { SURVEY_SEND, type SurveyDeps } from '../src/app/surveys/survey-deps.js';
import type { AppConfig } from '../src/config/load-config.js';
import type { Logger } from '../src/logger.js';
import type { Store } from '../src/ports/store.js';
import type { SurveyInbound } from '../src/ports/survey-channels.js';
import type { ZendeskPort } from '../src/ports/zendesk.js';

export interface QueueHandlers {
  /** Inbox: one handler per provider of stored deliveries. */
  handlers: Partial<Record<string, DeliveryHandler>>;
  /** Outbox: one sender per message kind; a kind whose integration is off has none and waits. */
  senders: Partial<Record<string, OutboxSender>>;
  onDead: OutboxWorkerDeps['onDead'];
}

export function buildQueueHandlers(input: {
  config: AppConfig;
  store: Store;
  events: EventBus;
  clock: Clock;
  logger: Logger;
  zendesk: ZendeskPort | null;
  surveys: SurveyDeps;
  inbound: SurveyInbound;
  alertSenders: Partial<Record<string, OutboxSender>>;
}): QueueHandlers {
  const { config, store, events, clock, logger, zendesk } = input;
  const handlers: Partial<Record<string, DeliveryHandler>> = {};
  const senders: Partial<Record<string, OutboxSender>> = { [SURVEY_SEND]: createSurveySender(input.surveys), ...input.alertSenders };
  if (zendesk) {
    const ticketSync = { zendesk, store, events, clock, logger, effortWeights: config.effortWeights, effortFieldId: config.zendesk.effortFieldId };
    handlers.zendesk = createZendeskDeliveryHandler(ticketSync);
    senders[ZENDESK_TICKET_UPDATE] = createZendeskTicketUpdateSender(zendesk);
  }
  // Inline webhook handling failed: the worker replays the stored Twilio delivery.
  handlers['twilio-sms'] = handlers['twilio-status'] = createTwilioDeliveryHandler({ inbound: input.inbound });
  return { handlers, senders, onDead: { [SURVEY_SEND]: markSurveyFailed(input.surveys) } };
}
