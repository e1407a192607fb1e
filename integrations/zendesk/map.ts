/**
 * The only door through which Zendesk payload shapes enter the product: webhook bodies,
 * REST resources and incremental export records become domain objects here. The shapes
 * live in the map-* modules beside this file; everything outside integrations/zendesk
 * imports from this one.
 */
/** Defined with the other coded errors; re-exported because callers of the mappers catch it. */
export { ZendeskPayloadError } from '../../src/ports/errors.js';
export {
  parseZendeskWebhook,
  HANDLED_TICKET_EVENT_TYPES,
  TRIGGER_BODY_TEMPLATE,
  TRIGGER_EVENT_TYPE,
  type WebhookDeliveryContext,
  type ZendeskWebhookEvent,
} from './map-webhook.js';
export {
  mapAudit,
  mapTicket,
  mapUser,
  toZendeskTicketUpdate,
  UNKNOWN_CHANNEL,
  type TicketWriteBase,
} from './map-rest.js';
export { mapIncrementalTicketEvent, normaliseExportVia } from './map-incremental.js';
