import type { ChatSurveyMessage } from '../../src/domain/survey/chat-message.js';
import type { Logger } from '../../src/logger.js';
import { ChannelSendError } from '../../src/ports/errors.js';
import type { OutboxTag } from '../../src/ports/outbox-tag.js';
import type { MessagingSender } from '../../src/ports/survey-channels.js';
import { isOurPost, tagMetadata } from './outbox-metadata.js';
import { keepAliveHttp } from '../http/keep-alive-http.js';
import { suncoRequest, type SuncoRequestOptions } from './request.js';

export { DEFAULT_SUNCO_API_URL } from './request.js';

export type SuncoClientOptions = Omit<SuncoRequestOptions, 'now' | 'http'> & { logger: Logger; now?: () => number };

/** Our clock and Conversations' differ a little; a lookup's window opens this much before `since`. */
const CLOCK_SKEW_MS = 10 * 60_000;
/** Pages of 100 messages read back at most (List Messages pages backwards from the newest). */
const MAX_PAGES = 5;

/**
 * MessagingSender over the Sunshine Conversations API v2 with Node's fetch. Why not the
 * official `sunshine-conversations-client`: it is CommonJS without types, keeps credentials
 * in a process-wide `ApiClient.instance`, ships `@babel/cli` as a runtime dependency and runs
 * on superagent 5, which hides `Retry-After`; two calls are simpler to own.
 * - Post Message: `POST /v2/apps/{appId}/conversations/{conversationId}/messages`, author
 *   `business`, content `text` with `reply` actions (quick replies), and message `metadata`
 *   naming the outbox message.
 * - List Messages (`GET` of the same path) finds that metadata again after an unknown outcome.
 */
export function createSuncoMessagingSender(options: SuncoClientOptions): MessagingSender {
  const log = options.logger.child({ integration: 'sunco' });
  const request: SuncoRequestOptions = { ...options, now: options.now ?? Date.now, http: keepAliveHttp() };
  const messagesPath = (conversationId: string) => `/conversations/${encodeURIComponent(conversationId)}/messages`;

  async function post(conversationId: string, content: Record<string, unknown>, tag: OutboxTag) {
    const answer = await suncoRequest(request, {
      method: 'POST',
      path: messagesPath(conversationId),
      body: { author: { type: 'business' }, content, metadata: tagMetadata(tag) },
      what: 'post message',
    });
    const messageId = (answer as { messages?: Array<{ id?: unknown }> } | null)?.messages?.[0]?.id;
    if (typeof messageId !== 'string')
      throw new ChannelSendError('Sunshine Conversations post message: answer without a message id', {
        permanent: false,
      });
    log.info({ conversationId, messageId, outboxId: tag.outboxId }, 'sunco message posted');
    return { messageId };
  }

  return {
    postSurvey: (conversationId, message: ChatSurveyMessage, tag) =>
      post(
        conversationId,
        {
          type: 'text',
          text: message.text,
          actions: message.replies.map((reply) => ({ type: 'reply', text: reply.label, payload: reply.payload })),
        },
        tag,
      ),

    postText: (conversationId, text, tag) => post(conversationId, { type: 'text', text }, tag),

    async findPosted(conversationId, tag, since) {
      const earliest = since.getTime() - CLOCK_SKEW_MS;
      let before: string | null = null;
      for (let page = 0; page < MAX_PAGES; page++) {
        const query: string = before ? `?page[before]=${encodeURIComponent(before)}` : '';
        const answer = (await suncoRequest(request, {
          method: 'GET',
          path: `${messagesPath(conversationId)}${query}`,
          what: 'list messages',
        })) as ListAnswer | null;
        const messages = answer?.messages ?? [];
        const found = messages.find((m) => isOurPost(m, tag));
        if (found) return { messageId: found.id, postedAt: new Date(found.received) };
        const oldest = messages[0];
        // Pages run backwards; once a page starts before the window, older ones cannot hold the post.
        if (!answer?.meta?.hasMore || !oldest || Date.parse(oldest.received) < earliest) return null;
        before = oldest.id;
      }
      return null;
    },
  };
}

interface ListAnswer {
  messages?: Array<{
    id: string;
    received: string;
    author?: { type?: string };
    metadata?: Record<string, unknown> | null;
  }>;
  meta?: { hasMore?: boolean };
}
