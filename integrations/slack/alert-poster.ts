import { setTimeout as sleep } from 'node:timers/promises';
import type { AlertThreadUpdateView } from '../../src/domain/alerts/alert-view.js';
import type { AlertMessageView, AlertPoster } from '../../src/ports/alert-channel.js';
import { MemoryPacing, type Pace } from '../../src/domain/pacing.js';
import { ChannelSendError, RetryLater } from '../../src/ports/errors.js';
import type { PacingStore } from '../../src/ports/pacing-store.js';
import type { OutboxTag } from '../../src/ports/outbox-tag.js';
import {
  alertBlockViolations,
  renderAlertMessage,
  renderAlertThreadUpdate,
  type RenderedAlert,
} from './alert-blocks.js';
import { callSlack, OPEN_GATE, type RateLimitGate, type WebClient } from './client.js';
import { findPostedAlert, findThreadUpdate } from './find-outbox-posts.js';
import { outboxMetadata } from './outbox-metadata.js';

/** Slack's posting limit: "1 per second" per channel, short bursts tolerated (Rate limits guide). */
export const DEFAULT_ALERT_MIN_INTERVAL_MS = 1_000;

export interface SlackAlertPosterOptions {
  /** Least time between two posts or updates to the same channel; other channels are not held. */
  minIntervalMs?: number;
  /** Slack's rate-limit gate, shared with the survey sender (compose/integrations.ts). */
  gate?: RateLimitGate;
  /** Where each channel's pace is kept: the database, shared by every instance; this process's memory when absent. */
  pacing?: PacingStore;
  /** A channel slot further away than this is RetryLater instead of a wait (default 2 s). */
  maxWaitMs?: number;
  now?: () => number;
}

/** A rendering Slack would refuse (invalid_blocks) fails the same way every time: permanent. */
function checked(rendered: RenderedAlert): RenderedAlert {
  const problems = alertBlockViolations(rendered);
  if (problems.length > 0) {
    throw new ChannelSendError(`slack alert blocks break Block Kit limits: ${problems.join('; ')}`, {
      permanent: true,
      code: 'invalid_blocks',
    });
  }
  return rendered;
}

/**
 * Paces each channel's calls `interval` apart through the shared pacing store, so instances
 * on one database take turns too. A caller whose slot is at most `maxWaitMs` away waits for
 * it (slots are handed out in call order, so calls start in that order); one further away is
 * RetryLater, and the outbox puts the message back instead of holding a worker. `#leads` and
 * `leads` are one key; once Slack answers a name with its id, the id is paced as the name,
 * so the root post (by name) and later updates (by id) share one pace.
 */
function channelPacer(pacing: PacingStore, pace: Pace, now: () => number) {
  const aliases = new Map<string, string>();
  const keyOf = (channel: string) => {
    const key = channel.trim().replace(/^#/, '');
    return aliases.get(key) ?? key;
  };
  return {
    async run<T>(channel: string, work: () => Promise<T>): Promise<T> {
      const asked = now();
      const slot = await pacing.reserve(`slack:channel:${keyOf(channel)}`, pace, new Date(asked));
      const wait = Math.max(0, slot.at.getTime() - asked);
      if (!slot.taken)
        throw new RetryLater(`slack: posts to ${channel} are paced; next slot in ${wait} ms`, Math.max(1, wait));
      if (wait > 0) await sleep(wait);
      return work();
    },
    /** Slack answered `channel` (a name) with `id`: from now on they share one pace. */
    alias(channel: string, id: string): void {
      const key = keyOf(channel);
      if (key !== id && !aliases.has(id)) aliases.set(id, key);
    },
  };
}

export function createSlackAlertPoster(client: WebClient, options: SlackAlertPosterOptions = {}): AlertPoster {
  const pacer = channelPacer(
    options.pacing ?? new MemoryPacing(),
    { intervalMs: options.minIntervalMs ?? DEFAULT_ALERT_MIN_INTERVAL_MS, maxWaitMs: options.maxWaitMs ?? 2_000 },
    options.now ?? Date.now,
  );
  // Posts and updates are writes: one that timed out may have landed (OutcomeUnknownError);
  // a 429 is RetryLater and holds every Slack call for its Retry-After.
  const gate = options.gate ?? OPEN_GATE;
  const write = <T>(method: string, run: () => Promise<T>) => callSlack(method, 'write', gate, run);
  const read = <T>(method: string, run: () => Promise<T>) => callSlack(method, 'read', gate, run);

  async function post(
    channel: string,
    rendered: RenderedAlert,
    threadTs?: string,
    tag?: OutboxTag,
  ): Promise<{ channel: string; ts: string }> {
    const { text, blocks } = checked(rendered);
    const posted = await pacer.run(channel, () =>
      write('chat.postMessage', () =>
        client.chat.postMessage({
          channel,
          text,
          blocks,
          ...(threadTs ? { thread_ts: threadTs } : {}),
          // Names the outbox message, so that a try after an unknown outcome can find this post.
          ...(tag ? { metadata: outboxMetadata(tag) } : {}),
          // Ticket and dashboard links would otherwise unfurl into large previews in the channel.
          unfurl_links: false,
          unfurl_media: false,
        }),
      ),
    );
    // ok without a ts breaks the documented response; a retry could post the alert twice.
    if (!posted.ts)
      throw new ChannelSendError('slack chat.postMessage returned no ts', { permanent: true, code: 'no_ts' });
    // A name ('#leads') is answered with the channel id, which chat.update requires later.
    const landed = posted.channel ?? channel;
    pacer.alias(channel, landed);
    return { channel: landed, ts: posted.ts };
  }

  return {
    postAlert: (channel: string, message: AlertMessageView, tag?: OutboxTag) =>
      post(channel, renderAlertMessage(message), undefined, tag),

    async updateAlert(channel: string, ts: string, message: AlertMessageView): Promise<void> {
      const { text, blocks } = checked(renderAlertMessage(message));
      await pacer.run(channel, () => write('chat.update', () => client.chat.update({ channel, ts, text, blocks })));
    },

    async postThreadUpdate(
      channel: string,
      threadTs: string,
      view: AlertThreadUpdateView,
      tag?: OutboxTag,
    ): Promise<{ ts: string }> {
      const { ts } = await post(channel, renderAlertThreadUpdate(view), threadTs, tag);
      return { ts };
    },

    // Asked after a post whose outcome is unknown: the channel or thread is searched for the tag's metadata.
    findPostedAlert: (channel: string, tag: OutboxTag, since: Date) =>
      findPostedAlert(client, read, channel, tag, since),
    findThreadUpdate: (channel: string, threadTs: string, tag: OutboxTag) =>
      findThreadUpdate(client, read, channel, threadTs, tag),
  };
}
