import { webApi } from '@slack/bolt';
import type { SlackSurveyView } from '../../src/domain/survey/survey.js';
import type { Logger } from '../../src/logger.js';
import { ChannelSendError } from '../../src/ports/errors.js';
import type { SlackSurveySender } from '../../src/ports/survey-channels.js';
import { blockKitViolations, renderSurveyBlocks, type RenderedSurvey } from './blocks.js';
import { toSlackLogger } from './slack-logger.js';
import { platformErrorCode, toChannelSendError } from './to-channel-send-error.js';

// @slack/web-api arrives through @slack/bolt; its `webApi` namespace re-export keeps us on
// the exact copy Bolt uses, without depending on npm's hoisting of a transitive package.
export type WebClient = webApi.WebClient;
export type RetryOptions = webApi.RetryOptions;

export interface SlackClientOptions {
  /** SLACK_BOT_TOKEN (xoxb-...). Sent as `Authorization: Bearer`, redacted from SDK logs. */
  botToken: string;
  /** SLACK_API_URL, default https://slack.com/api/ (GovSlack, a proxy, a test double). */
  apiUrl: string;
  logger: Logger;
  /** In-process retries of network errors and HTTP 5xx; tests pass a rapid policy. */
  retryConfig?: RetryOptions;
  /** Per-request timeout; the SDK's default is none. */
  timeoutMs?: number;
}

/**
 * A few quick in-process retries for a dropped connection or a 5xx, then give up and let the
 * durable outbox (backoff with jitter, hours) take over. The SDK default
 * (tenRetriesInAboutThirtyMinutes) would keep one send in memory for half an hour: longer
 * than the outbox's 5-minute lease, so another worker would send the same survey again.
 */
export const DEFAULT_SLACK_RETRY: RetryOptions = { retries: 3, factor: 2, minTimeout: 500, maxTimeout: 4_000, randomize: true };

export function createSlackWebClient(options: SlackClientOptions): WebClient {
  return new webApi.WebClient(options.botToken, {
    slackApiUrl: options.apiUrl,
    logger: toSlackLogger(options.logger.child({ integration: 'slack' })),
    retryConfig: options.retryConfig ?? DEFAULT_SLACK_RETRY,
    // On a 429 the SDK would otherwise sleep for Retry-After with its whole request queue
    // paused, stalling every other call (including chat.update after a button press). We
    // reject instead and hand Retry-After to the outbox as retryAfterMs.
    rejectRateLimitedCalls: true,
    timeout: options.timeoutMs ?? 10_000,
  });
}

/** A rendering Slack would refuse (invalid_blocks) fails the same way every time: permanent. */
function checked(rendered: RenderedSurvey): RenderedSurvey {
  const problems = blockKitViolations(rendered.blocks);
  if (problems.length > 0) {
    throw new ChannelSendError(`slack survey blocks break Block Kit limits: ${problems.join('; ')}`, { permanent: true, code: 'invalid_blocks' });
  }
  return rendered;
}

async function call<T>(method: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toChannelSendError(error, method);
  }
}

export function createSlackSurveySender(client: WebClient): SlackSurveySender {
  return {
    async lookupUserIdByEmail(email: string): Promise<string | null> {
      try {
        const result = await client.users.lookupByEmail({ email });
        return result.user?.id ?? null;
      } catch (error) {
        // users.lookupByEmail answers `users_not_found` when no member has that address.
        if (platformErrorCode(error) === 'users_not_found') return null;
        throw toChannelSendError(error, 'users.lookupByEmail');
      }
    },

    async postSurvey(userId: string, view: SlackSurveyView): Promise<{ channel: string; ts: string }> {
      const { text, blocks } = checked(renderSurveyBlocks(view));
      // A bot can post to a user id directly, but the DM's channel id (D...) is what
      // chat.update needs later; conversations.open returns it (and opens the DM if new).
      const opened = await call('conversations.open', () => client.conversations.open({ users: userId }));
      const dm = opened.channel?.id;
      if (!dm) throw new ChannelSendError('slack conversations.open returned no channel id', { permanent: false, code: 'no_channel' });
      const posted = await call('chat.postMessage', () => client.chat.postMessage({ channel: dm, text, blocks }));
      // ok without a ts breaks the documented response; retrying could post the survey twice.
      if (!posted.ts) throw new ChannelSendError('slack chat.postMessage returned no ts', { permanent: true, code: 'no_ts' });
      return { channel: posted.channel ?? dm, ts: posted.ts };
    },

    async updateSurvey(channel: string, ts: string, view: SlackSurveyView): Promise<void> {
      const { text, blocks } = checked(renderSurveyBlocks(view));
      await call('chat.update', () => client.chat.update({ channel, ts, text, blocks }));
    },
  };
}
