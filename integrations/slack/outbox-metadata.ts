import type { OutboxTag } from '../../src/ports/outbox-tag.js';
import type { WebClient } from './web-client.js';

/**
 * Runs one Web API read through the caller's rate-limit gate and error mapping (client.ts
 * `callSlack(method, 'read', gate, run)`). A failed read says nothing about the earlier
 * post: it is retried or final, never taken for "not posted".
 */
export type SlackRead = <T>(method: string, run: () => Promise<T>) => Promise<T>;

/**
 * Slack has no idempotency key for chat.postMessage. Instead every post carries its outbox
 * message as message metadata (`metadata: { event_type, event_payload }`), and after a try
 * whose outcome is unknown the conversation is read back with `include_all_metadata=true`
 * (without it Slack strips the payload of event types the app manifest does not declare).
 * Reading needs the history scope of the conversation's type: `im:history` for survey DMs,
 * `channels:history` (or `groups:history` for a private channel) for alerts.
 */
export const OUTBOX_EVENT_TYPE = 'effortless_outbox';

/** Our clock and Slack's differ a little; a search starts this much before the earliest possible post. */
export const CLOCK_SKEW_MS = 10 * 60_000;
/** Messages per page: twice the default of 100, well within the method's maximum of 999. */
export const HISTORY_PAGE_SIZE = 200;
/** Pages read at most: a DM or an alert channel gets far fewer posts between two tries. */
const MAX_PAGES = 10;

export interface SlackMessageMetadata {
  event_type: string;
  event_payload: { outbox_id: number; dedupe_key: string };
}

export function outboxMetadata(tag: OutboxTag): SlackMessageMetadata {
  return { event_type: OUTBOX_EVENT_TYPE, event_payload: { outbox_id: tag.outboxId, dedupe_key: tag.dedupeKey } };
}

/** True when a message from conversations.history or .replies carries this tag's metadata. */
export function carriesTag(message: unknown, tag: OutboxTag): boolean {
  const metadata = isRecord(message) ? message.metadata : undefined;
  if (!isRecord(metadata) || metadata.event_type !== OUTBOX_EVENT_TYPE || !isRecord(metadata.event_payload))
    return false;
  const payload = metadata.event_payload;
  return Number(payload.outbox_id) === tag.outboxId && payload.dedupe_key === tag.dedupeKey;
}

/** Where to look: a channel's history since a moment, or one thread's replies. */
export type TaggedPostSearch = { channel: string; since: Date } | { channel: string; threadTs: string };

/**
 * The ts of the message carrying `tag`, reading conversations.history (top-level messages
 * from `oldest` on) or conversations.replies (one thread; history leaves replies out), page
 * by page with `response_metadata.next_cursor`. Null when no message carries it.
 */
export async function findTaggedPost(
  client: WebClient,
  read: SlackRead,
  search: TaggedPostSearch,
  tag: OutboxTag,
): Promise<{ ts: string; postedAt: Date } | null> {
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const common = {
      channel: search.channel,
      include_all_metadata: true,
      limit: HISTORY_PAGE_SIZE,
      ...(cursor ? { cursor } : {}),
    };
    const answer: { messages?: unknown[]; response_metadata?: { next_cursor?: string } } =
      'threadTs' in search
        ? await read('conversations.replies', () => client.conversations.replies({ ...common, ts: search.threadTs }))
        : await read('conversations.history', () =>
            client.conversations.history({ ...common, oldest: slackTs(search.since.getTime() - CLOCK_SKEW_MS) }),
          );
    const found = (answer.messages ?? []).find((message) => carriesTag(message, tag));
    const ts = isRecord(found) && typeof found.ts === 'string' ? found.ts : null;
    if (ts) return { ts, postedAt: new Date(Number(ts) * 1000) };
    cursor = answer.response_metadata?.next_cursor || undefined;
    if (!cursor) return null;
  }
  return null;
}

/** Slack timestamps are epoch seconds with microseconds, as a string. */
export function slackTs(epochMs: number): string {
  return (Math.max(0, epochMs) / 1000).toFixed(6);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
