import { createSuncoDeliveryHandler } from '../integrations/sunco/handle-delivery.js';
import { createTwilioDeliveryHandler } from '../integrations/twilio/handle-delivery.js';
import { readZendeskDelivery } from '../integrations/zendesk/read-delivery.js';
import { createZendeskTicketUpdateSender } from '../integrations/zendesk/send-ticket-update.js';
import type { Clock } from '../src/ports/clock.js';
import type { ScoringSource } from '../src/app/effort-model/scoring-in-force.js';
import type { EventBus } from '../src/app/event-bus.js';
import { markSurveyFailed } from '../src/app/surveys/mark-survey-failed.js';
import { createSurveyReplySender } from '../src/app/surveys/send-reply.js';
import { createSurveySender } from '../src/app/surveys/send-survey.js';
import { createSurveyReminderSender } from '../src/app/surveys/send-reminder.js';
import type { SurveyDeps } from '../src/app/surveys/survey-deps.js';
import { createOpenTicketRefresher } from '../src/app/refresh-open-ticket.js';
import { createTicketSyncDeliveryHandler } from '../src/app/ticket-sync-delivery.js';
import { storedTicketState } from '../src/app/ticket-state-memory.js';
import type { AppConfig } from '../src/config/load-config.js';
import type { Logger } from '../src/logger.js';
import {
  SLACK_PROVIDER,
  SUNCO_PROVIDER,
  TWILIO_SMS_PROVIDER,
  TWILIO_STATUS_PROVIDER,
  ZENDESK_PROVIDER,
  type DeliveryHandlers,
} from '../src/ports/inbox.js';
import {
  SURVEY_REMINDER,
  SURVEY_REPLY,
  SURVEY_SEND,
  ZENDESK_TICKET_UPDATE,
  type OutboxDeadHandlers,
  type OutboxSenders,
} from '../src/ports/outbox.js';
import type { Store } from '../src/ports/store.js';
import type { SurveyInbound } from '../src/ports/survey-channels.js';
import type { ZendeskPort } from '../src/ports/zendesk.js';
import type { AlertInbound } from '../src/ports/alert-channel.js';
import type { OutsideClients } from './integrations.js';

export interface QueueHandlers {
  /** Inbox: one handler per provider of stored deliveries. */
  handlers: DeliveryHandlers;
  /** Outbox: one sender per message kind; a kind whose integration is off has none and waits. */
  senders: OutboxSenders;
  onDead: OutboxDeadHandlers;
  /** Reads an open ticket's audits again when it changed since its drivers were computed; null while Zendesk is off. */
  refreshOpenTicket: ((ticketId: number) => Promise<unknown>) | null;
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
  alertInbound: AlertInbound;
  alertSenders: OutboxSenders;
  slackDeliveryHandler: OutsideClients['slackDeliveryHandler'];
  /** The scoring in force (fitted weights once there are enough answers). */
  scoring?: ScoringSource;
}): QueueHandlers {
  const { config, store, events, clock, logger, zendesk } = input;
  const handlers: DeliveryHandlers = {};
  const senders: OutboxSenders = {
    [SURVEY_SEND]: createSurveySender(input.surveys),
    [SURVEY_REMINDER]: createSurveyReminderSender(input.surveys),
    [SURVEY_REPLY]: createSurveyReplySender(input.surveys),
    ...input.alertSenders,
  };
  let refreshOpenTicket: QueueHandlers['refreshOpenTicket'] = null;
  if (zendesk) {
    const ticketSync = {
      zendesk,
      store,
      events,
      clock,
      logger,
      effortWeights: config.effortWeights,
      driverDefinitions: config.drivers,
      ...(input.scoring ? { scoring: input.scoring } : {}),
      effortFieldId: config.zendesk.effortFieldId,
    };
    handlers[ZENDESK_PROVIDER] = createTicketSyncDeliveryHandler(ticketSync, readZendeskDelivery);
    senders[ZENDESK_TICKET_UPDATE] = createZendeskTicketUpdateSender(zendesk, storedTicketState(store));
    refreshOpenTicket = createOpenTicketRefresher(ticketSync);
  }
  // Inline webhook handling failed: the worker replays the stored Twilio delivery.
  handlers[TWILIO_SMS_PROVIDER] = handlers[TWILIO_STATUS_PROVIDER] = createTwilioDeliveryHandler({
    inbound: input.inbound,
  });
  // Conversations events are stored by the webhook and always handled here.
  handlers[SUNCO_PROVIDER] = createSuncoDeliveryHandler({ inbound: input.inbound });
  // A Slack button press whose inline handling failed: the worker replays it.
  const slackHandler = input.slackDeliveryHandler?.({ inbound: input.inbound, alerts: input.alertInbound });
  if (slackHandler) handlers[SLACK_PROVIDER] = slackHandler;
  return { handlers, senders, onDead: { [SURVEY_SEND]: markSurveyFailed(input.surveys) }, refreshOpenTicket };
}
