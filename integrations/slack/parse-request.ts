import { createHash } from 'node:crypto';
import { z } from 'zod';

/**
 * What a verified POST /slack/events carries. Slack sends interactivity payloads and slash
 * commands form-encoded (a payload's JSON in the `payload` field) and the Events API as JSON.
 * Only the fields this app reads are checked; anything Slack adds is carried along unread.
 */
export const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';

const BlockActionsSchema = z.object({
  type: z.literal('block_actions'),
  trigger_id: z.string().min(1).optional(),
  user: z.object({ id: z.string().min(1) }),
  container: z.object({ channel_id: z.string().optional(), message_ts: z.string().optional() }).optional(),
  channel: z.object({ id: z.string() }).nullish(),
  message: z.object({ ts: z.string() }).nullish(),
  actions: z
    .array(
      z.object({
        action_id: z.string().min(1),
        block_id: z.string().optional(),
        type: z.string(),
        value: z.string().nullish(),
        action_ts: z.string().optional(),
      }),
    )
    .min(1),
});
export type BlockActionsPayload = z.infer<typeof BlockActionsSchema>;

const SlashCommandSchema = z.object({
  command: z.string().startsWith('/'),
  text: z.string().default(''),
  user_id: z.string().min(1),
  trigger_id: z.string().min(1).optional(),
});
export type SlashCommand = z.infer<typeof SlashCommandSchema>;

const EventsApiSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('url_verification'), challenge: z.string().min(1) }),
  z.object({ type: z.literal('event_callback'), event_id: z.string().min(1), event: z.object({ type: z.string() }) }),
  z.object({ type: z.literal('app_rate_limited') }),
]);

/** Documented interaction types this app never asks for (no modals, shortcuts or menus): acknowledged, not acted on. */
const INTERACTIONS_NOT_USED = new Set([
  'view_submission',
  'view_closed',
  'shortcut',
  'message_action',
  'block_suggestion',
  'interactive_message',
  'dialog_submission',
  'dialog_cancellation',
]);

export type SlackRequest =
  | { kind: 'url_verification'; challenge: string }
  | { kind: 'event'; eventType: string }
  | { kind: 'block_actions'; deliveryId: string; eventType: string; payload: BlockActionsPayload }
  | { kind: 'command'; deliveryId: string; eventType: string; command: SlashCommand }
  | { kind: 'not_used'; what: string };

export type ParsedSlackRequest = { ok: true; request: SlackRequest } | { ok: false; problem: string };

const malformed = (problem: string): ParsedSlackRequest => ({ ok: false, problem });
const parsed = (request: SlackRequest): ParsedSlackRequest => ({ ok: true, request });

/** Which fields were wrong, never their values (they may hold what a customer typed). */
function issuesOf(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`).join('; ');
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The identity a repeat of the same request keeps: `trigger_id` is new for every interaction
 * and command; without it, the action's own timestamp and the user; the body's hash as a last resort.
 * The trigger id is hashed: it is a short-lived credential (it opens modals), and the worker logs delivery ids.
 */
function deliveryIdOf(triggerId: string | undefined, fallback: string | null, rawBody: string): string {
  if (triggerId) return `trigger:${sha256(triggerId).slice(0, 32)}`;
  return fallback ?? `sha256:${sha256(rawBody)}`;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function parseInteraction(payloadJson: string, rawBody: string): ParsedSlackRequest {
  const json = parseJson(payloadJson);
  if (!json.ok) return malformed('the payload field is not JSON');
  const type = (json.value as { type?: unknown } | null)?.type;
  if (typeof type === 'string' && INTERACTIONS_NOT_USED.has(type)) return parsed({ kind: 'not_used', what: type });
  const result = BlockActionsSchema.safeParse(json.value);
  if (!result.success) return malformed(`not a block_actions payload: ${issuesOf(result.error)}`);
  const payload = result.data;
  const [action] = payload.actions;
  const fallback = action?.action_ts ? `action:${action.action_ts}:${payload.user.id}` : null;
  return parsed({
    kind: 'block_actions',
    deliveryId: deliveryIdOf(payload.trigger_id, fallback, rawBody),
    eventType: `block_actions:${action?.action_id ?? ''}`,
    payload,
  });
}

function parseForm(rawBody: string): ParsedSlackRequest {
  const form = new URLSearchParams(rawBody);
  const payload = form.get('payload');
  if (payload !== null) return parseInteraction(payload, rawBody);
  if (form.has('command')) {
    const result = SlashCommandSchema.safeParse(Object.fromEntries(form));
    if (!result.success) return malformed(`not a slash command: ${issuesOf(result.error)}`);
    const command = result.data;
    return parsed({
      kind: 'command',
      deliveryId: deliveryIdOf(command.trigger_id, null, rawBody),
      eventType: `command:${command.command}`,
      command,
    });
  }
  // Slack checks a slash command's certificate with `ssl_check=1` and wants a 200.
  if (form.get('ssl_check') === '1') return parsed({ kind: 'not_used', what: 'ssl_check' });
  return malformed('a form without payload or command');
}

function parseEventsApi(rawBody: string): ParsedSlackRequest {
  const json = parseJson(rawBody);
  if (!json.ok) return malformed('the body is not JSON');
  const result = EventsApiSchema.safeParse(json.value);
  if (!result.success) return malformed(`not an Events API request: ${issuesOf(result.error)}`);
  const body = result.data;
  if (body.type === 'url_verification') return parsed({ kind: 'url_verification', challenge: body.challenge });
  if (body.type === 'event_callback') return parsed({ kind: 'event', eventType: body.event.type });
  return parsed({ kind: 'not_used', what: body.type });
}

/** A verified body by its Content-Type; `ok: false` (answered 400) for anything Slack would not send. */
export function parseSlackRequest(rawBody: string, contentType: string | undefined): ParsedSlackRequest {
  const mime = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (mime === FORM_CONTENT_TYPE) return parseForm(rawBody);
  if (mime === 'application/json') return parseEventsApi(rawBody);
  return malformed(`Content-Type ${mime || '(none)'} is neither form-encoded nor JSON`);
}
