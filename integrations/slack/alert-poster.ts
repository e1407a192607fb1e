import pThrottle from 'p-throttle';
import type { AlertThreadUpdateView } from '../../src/domain/alerts/alert-view.js';
import type { AlertMessageView, AlertPoster } from '../../src/ports/alert-channel.js';
import { ChannelSendError } from '../../src/ports/errors.js';
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

type Run = () => Promise<unknown>;

/**
 * One p-throttle per channel (limit 1 per interval, strict), so the channel's calls start at
 * least `interval` apart in call order while other channels go on. `#leads` and `leads` are
 * one key; once Slack answers a name with its id, the id shares the name's throttle, so the
 * root post (by name) and later updates (by id) are paced together.
 */
function channelPacer(interval: number) {
  const throttles = new Map<string, (run: Run) => Promise<unknown>>();
  const keyOf = (channel: string) => channel.trim().replace(/^#/, '');
  const throttleFor = (key: string) => {
    let throttled = throttles.get(key);
    if (!throttled) {
      throttled = pThrottle({ limit: 1, interval, strict: true })((run: Run) => run());
      throttles.set(key, throttled);
    }
    return throttled;
  };
  return {
    run<T>(channel: string, work: () => Promise<T>): Promise<T> {
      return throttleFor(keyOf(channel))(work) as Promise<T>;
    },
    /** Slack answered `channel` (a name) with `id`: from now on they share one throttle. */
    alias(channel: string, id: string): void {
      const key = keyOf(channel);
      if (key !== id && !throttles.has(id)) throttles.set(id, throttleFor(key));
    },
  };
}

export function createSlackAlertPoster(client: WebClient, options: SlackAlertPosterOptions = {}): AlertPoster {
  const pacer = channelPacer(options.minIntervalMs ?? DEFAULT_ALERT_MIN_INTERVAL_MS);
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
