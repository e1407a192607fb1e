import type { OutboxTag } from '../../src/ports/outbox-tag.js';
import { ChannelSendError } from '../../src/ports/errors.js';
import type { WebClient } from './web-client.js';
import { findTaggedPost, type SlackRead } from './outbox-metadata.js';

/**
 * The "was it posted already?" questions the survey sender and the alert poster ask after a
 * try whose outcome is unknown (the survey and alert ports' find methods). Every call is a
 * read through the caller's gate (`read`).
 */

/**
 * The survey DM carrying `tag`. conversations.history needs the DM's channel id, which
 * conversations.open returns (for a DM already open it changes nothing).
 */
export async function findPostedSurvey(
  client: WebClient,
  read: SlackRead,
  userId: string,
  tag: OutboxTag,
  since: Date,
): Promise<{ channel: string; ts: string; postedAt: Date } | null> {
  const opened = await read('conversations.open', () => client.conversations.open({ users: userId }));
  const dm = opened.channel?.id;
  if (!dm)
    throw new ChannelSendError('slack conversations.open returned no channel id', {
      permanent: false,
      code: 'no_channel',
    });
  const found = await findTaggedPost(client, read, { channel: dm, since }, tag);
  return found ? { channel: dm, ...found } : null;
}

/** The alert root carrying `tag` in `channel` (SLACK_ALERT_CHANNEL: an id, or a name to look up). */
export async function findPostedAlert(
  client: WebClient,
  read: SlackRead,
  channel: string,
  tag: OutboxTag,
  since: Date,
): Promise<{ channel: string; ts: string } | null> {
  const id = await channelIdOf(client, read, channel);
  const found = await findTaggedPost(client, read, { channel: id, since }, tag);
  return found ? { channel: id, ts: found.ts } : null;
}

/** The reply carrying `tag` in the alert's thread (the channel id is stored with the root). */
export async function findThreadUpdate(
  client: WebClient,
  read: SlackRead,
  channel: string,
  threadTs: string,
  tag: OutboxTag,
): Promise<{ ts: string } | null> {
  const found = await findTaggedPost(client, read, { channel, threadTs }, tag);
  return found ? { ts: found.ts } : null;
}

/**
 * Channel ids are upper case and start with C or G (public, private, shared); channel names
 * are lower case, so the two cannot be mistaken for each other.
 */
const CHANNEL_ID = /^[CG][A-Z0-9]{6,}$/;
/** conversations.list pages: its limit must stay under 1,000; big workspaces have thousands of channels. */
const LIST_PAGE_SIZE = 999;
const MAX_LIST_PAGES = 50;
/** Names already looked up, per client. */
const resolved = new WeakMap<WebClient, Map<string, string>>();

/**
 * chat.postMessage takes a channel name, conversations.history only an id. A name is looked
 * up among the public channels (conversations.list, scope `channels:read`), once per
 * process; a private channel cannot be found that way and must be configured by its id.
 */
export async function channelIdOf(client: WebClient, read: SlackRead, channel: string): Promise<string> {
  const name = channel.trim().replace(/^#/, '');
  if (CHANNEL_ID.test(name)) return name;
  const known = resolved.get(client) ?? new Map<string, string>();
  resolved.set(client, known);
  const cached = known.get(name);
  if (cached) return cached;
  let cursor: string | undefined;
  for (let page = 0; page < MAX_LIST_PAGES; page += 1) {
    const answer = await read('conversations.list', () =>
      client.conversations.list({
        types: 'public_channel',
        exclude_archived: true,
        limit: LIST_PAGE_SIZE,
        ...(cursor ? { cursor } : {}),
      }),
    );
    const match = (answer.channels ?? []).find((c) => c.name === name || c.name_normalized === name);
    if (match?.id) {
      known.set(name, match.id);
      return match.id;
    }
    cursor = answer.response_metadata?.next_cursor || undefined;
    if (!cursor) break;
  }
  throw new ChannelSendError(
    `slack: no public channel named ${name}, so an earlier post cannot be looked for; set SLACK_ALERT_CHANNEL to the channel id`,
    { permanent: true, code: 'channel_not_found' },
  );
}
