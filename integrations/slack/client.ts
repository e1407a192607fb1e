import { webApi } from '@slack/bolt';
import type { SlackSurveyView } from '../../src/domain/survey/survey.js';
import type { Logger } from '../../src/logger.js';
import { ChannelSendError, OutcomeUnknownError, RetryLater } from '../../src/ports/errors.js';
import type { OutboxTag } from '../../src/ports/outbox-tag.js';
import type { SlackSurveySender } from '../../src/ports/survey-channels.js';
import { retryAfterMs } from '../http/retry-after.js';
import { blockKitViolations, renderSurveyBlocks, type RenderedSurvey } from './survey-blocks.js';
import { findPostedSurvey } from './find-outbox-posts.js';
import { outboxMetadata } from './outbox-metadata.js';
import { toSlackLogger } from './slack-logger.js';
import { toChannelSendError } from './to-channel-send-error.js';

// @slack/web-api arrives through @slack/bolt; its `webApi` namespace re-export keeps us on
// the exact copy Bolt uses, without depending on npm's hoisting of a transitive package.
import type { WebClient } from './web-client.js';

export type { WebClient };

export interface SlackClientOptions {
  /** SLACK_BOT_TOKEN (xoxb-...). Sent as `Authorization: Bearer`, redacted from SDK logs. */
  botToken: string;
  /** SLACK_API_URL, default https://slack.com/api/ (GovSlack, a proxy, a test double). */
  apiUrl: string;
  logger: Logger;
  /** Connect and response deadline of each request (UPSTREAM_TIMEOUT_SECONDS); the SDK's default is none. */
  timeoutMs?: number;
  /** Only "no retries", which is also the default: callers that spell it out still compile, none can turn sleeping retries back on. */
  retryConfig?: { retries: 0 };
}

/** UPSTREAM_TIMEOUT_SECONDS' default, for clients built outside compose/. */
const DEFAULT_TIMEOUT_MS = 15_000;

/**
 * One try per call. The SDK would otherwise retry network errors and 5xx with sleeps inside
 * the call (its default, tenRetriesInAboutThirtyMinutes, keeps one send for half an hour),
 * and on a 429 sleep for Retry-After with its whole request queue paused, stalling every
 * other call. Retries belong to the durable outbox, which reschedules instead of sleeping.
 * The WebClient's `timeout` is axios's: its expiry surfaces as a RequestError whose
 * `original` is an axios error with code ECONNABORTED.
 */
export function createSlackWebClient(options: SlackClientOptions): WebClient {
  return new webApi.WebClient(options.botToken, {
    slackApiUrl: options.apiUrl,
    logger: toSlackLogger(options.logger.child({ integration: 'slack' })),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });
}

/**
 * Shared by every Slack call in the process (compose/integrations.ts builds one): after a
 * 429 with Retry-After, calls wait it out here instead of asking Slack again.
 */
export interface RateLimitGate {
  /** How long calls must still wait, in ms; 0 when Slack may be called. */
  remainingMs(): number;
  /** Holds every call for `ms` from now. */
  holdFor(ms: number): void;
}

/** For senders and posters built without a gate (tests, scripts): a 429 still throws RetryLater, later calls are not held. */
export const OPEN_GATE: RateLimitGate = { remainingMs: () => 0, holdFor: () => undefined };

/** axios codes for its `timeout` (ETIMEDOUT when `transitional.clarifyTimeoutError` is set). */
const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT']);
/** Failures before a connection existed: nothing reached Slack, so nothing can have been posted. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

type SlackFailure = Error & {
  code?: string;
  retryAfter?: number;
  statusCode?: number;
  headers?: Record<string, unknown>;
  original?: { code?: unknown; message?: unknown };
};

/**
 * Runs one Web API call through the gate and says what its failure means. A `write` (a post
 * or an update) that timed out or lost its connection may have reached Slack:
 * OutcomeUnknownError, so the outbox looks before posting again; a `read` is simply
 * retryable. A 429 is RetryLater for its Retry-After, and holds the gate as long.
 */
export async function callSlack<T>(
  method: string,
  kind: 'read' | 'write',
  gate: RateLimitGate,
  run: () => Promise<T>,
): Promise<T> {
  const held = gate.remainingMs();
  if (held > 0)
    throw new RetryLater(`slack ${method}: rate limited, waiting ${held} ms more before calling Slack again`, held);
  try {
    return await run();
  } catch (error) {
    const e = error as SlackFailure;
    if (e?.code === webApi.ErrorCode.RateLimitedError && typeof e.retryAfter === 'number') {
      gate.holdFor(e.retryAfter * 1000);
      throw new RetryLater(`slack ${method} rate limited; try again in ${e.retryAfter} s`, e.retryAfter * 1000);
    }
    if (e?.code === webApi.ErrorCode.RequestError) throw requestFailure(e, method, kind);
    if (e?.code === webApi.ErrorCode.HTTPError && (e.statusCode ?? 0) >= 500) {
      const asked = retryAfterMs(e.headers?.['retry-after'], Date.now());
      const details = {
        permanent: false,
        code: e.statusCode ?? null,
        ...(asked === undefined ? {} : { retryAfterMs: asked }),
      };
      throw new ChannelSendError(`slack ${method} failed: HTTP ${e.statusCode}`, details);
    }
    throw toChannelSendError(error, method);
  }
}

/** No HTTP answer. The SDK's error is not passed on: its axios config holds the bot token. */
function requestFailure(e: SlackFailure, method: string, kind: 'read' | 'write'): Error {
  const code = typeof e.original?.code === 'string' ? e.original.code : null;
  const timedOut = code !== null && TIMEOUT_CODES.has(code);
  const what = timedOut
    ? `no answer from Slack (${String(e.original?.message)})`
    : `connection to Slack lost (${code ?? 'no code'})`;
  if (kind === 'write' && !(code !== null && NOT_SENT_CODES.has(code))) {
    return new OutcomeUnknownError(`slack ${method}: ${what}; it may have been posted`);
  }
  return new ChannelSendError(`slack ${method} failed: ${what}`, {
    permanent: false,
    code: timedOut ? 'timeout' : 'request_error',
  });
}

/** A rendering Slack would refuse (invalid_blocks) fails the same way every time: permanent. */
function checked(rendered: RenderedSurvey): RenderedSurvey {
  const problems = blockKitViolations(rendered.blocks);
  if (problems.length > 0) {
    throw new ChannelSendError(`slack survey blocks break Block Kit limits: ${problems.join('; ')}`, {
      permanent: true,
      code: 'invalid_blocks',
    });
  }
  return rendered;
}

export function createSlackSurveySender(client: WebClient, options: { gate?: RateLimitGate } = {}): SlackSurveySender {
  const gate = options.gate ?? OPEN_GATE;
  const read = <T>(method: string, run: () => Promise<T>) => callSlack(method, 'read', gate, run);
  const write = <T>(method: string, run: () => Promise<T>) => callSlack(method, 'write', gate, run);
  return {
    async lookupUserIdByEmail(email: string): Promise<string | null> {
      try {
        const result = await read('users.lookupByEmail', () => client.users.lookupByEmail({ email }));
        return result.user?.id ?? null;
      } catch (error) {
        // users.lookupByEmail answers `users_not_found` when no member has that address.
        if (error instanceof ChannelSendError && error.details.code === 'users_not_found') return null;
        throw error;
      }
    },

    async postSurvey(userId: string, view: SlackSurveyView, tag?: OutboxTag): Promise<{ channel: string; ts: string }> {
      const { text, blocks } = checked(renderSurveyBlocks(view));
      // A bot can post to a user id directly, but the DM's channel id (D...) is what
      // chat.update needs later; conversations.open returns it (and opens the DM if new).
      // Opening a DM that is already open returns the same one: safe to repeat, so a read.
      const opened = await read('conversations.open', () => client.conversations.open({ users: userId }));
      const dm = opened.channel?.id;
      if (!dm)
        throw new ChannelSendError('slack conversations.open returned no channel id', {
          permanent: false,
          code: 'no_channel',
        });
      const posted = await write('chat.postMessage', () =>
        client.chat.postMessage({ channel: dm, text, blocks, ...(tag ? { metadata: outboxMetadata(tag) } : {}) }),
      );
      // ok without a ts breaks the documented response; retrying could post the survey twice.
      if (!posted.ts)
        throw new ChannelSendError('slack chat.postMessage returned no ts', { permanent: true, code: 'no_ts' });
      return { channel: posted.channel ?? dm, ts: posted.ts };
    },

    // Asked after a post whose outcome is unknown: the DM is searched for the tag's metadata.
    findPostedSurvey: (userId: string, tag: OutboxTag, since: Date) =>
      findPostedSurvey(client, read, userId, tag, since),

    async updateSurvey(channel: string, ts: string, view: SlackSurveyView): Promise<void> {
      const { text, blocks } = checked(renderSurveyBlocks(view));
      await write('chat.update', () => client.chat.update({ channel, ts, text, blocks }));
    },
  };
}
