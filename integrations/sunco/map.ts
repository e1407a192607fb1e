/**
 * The only place that knows the Conversations webhook payload (v2; OpenAPI `x-webhooks`
 * "Webhook Events"): `{ app, webhook, events: [...] }`, each event `{ id, type, createdAt,
 * payload }`. We act on two triggers:
 * - `conversation:message`: `payload.conversation.id`, `payload.message` with `id`,
 *   `author.type` (`user` for the customer, `business` for us and the agents), `content`
 *   (`type: text`, `text`, and `payload` when the customer tapped a reply button).
 * - `conversation:postback`: `payload.conversation.id`, `payload.postback.payload`.
 * Everything else (business messages, other triggers, other content) is no answer.
 */
export interface SuncoAnswerEvent {
  /** The message id (or, for a postback, the event id): the delivery's identity. */
  eventId: string;
  type: 'conversation:message' | 'conversation:postback';
  conversationId: string;
  text: string | null;
  payload: string | null;
}

export type ParsedWebhook =
  | { ok: true; events: Array<{ raw: unknown; answer: SuncoAnswerEvent | null }> }
  | { ok: false; reason: string };

type Json = Record<string, unknown>;
const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** The body as a whole: an object with an `events` array, or why it is not one. */
export function parseSuncoWebhook(body: unknown): ParsedWebhook {
  if (!isRecord(body) || !Array.isArray(body.events))
    return { ok: false, reason: 'expected an object with an events array' };
  return { ok: true, events: body.events.map((raw) => ({ raw, answer: readAnswerEvent(raw) })) };
}

/** One event as an answer we may act on; null for any other event. */
export function readAnswerEvent(raw: unknown): SuncoAnswerEvent | null {
  if (!isRecord(raw) || !isRecord(raw.payload)) return null;
  const { payload } = raw;
  const conversationId = isRecord(payload.conversation) ? text(payload.conversation.id) : null;
  if (!conversationId) return null;
  if (raw.type === 'conversation:message') {
    const message = isRecord(payload.message) ? payload.message : null;
    const author = isRecord(message?.author) ? message.author : null;
    const content = isRecord(message?.content) ? message.content : null;
    const messageId = text(message?.id);
    if (!messageId || author?.type !== 'user' || content?.type !== 'text') return null;
    return {
      eventId: messageId,
      type: raw.type,
      conversationId,
      text: text(content.text),
      payload: text(content.payload),
    };
  }
  if (raw.type === 'conversation:postback') {
    const eventId = text(raw.id);
    const postback = isRecord(payload.postback) ? text(payload.postback.payload) : null;
    if (!eventId || !postback) return null;
    return { eventId, type: raw.type, conversationId, text: null, payload: postback };
  }
  return null;
}
