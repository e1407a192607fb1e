import type { ChatSurveyMessage } from '../../src/domain/survey/chat-message.js';
import type { OutboxTag } from '../../src/ports/outbox-tag.js';
import type { MessagingSender } from '../../src/ports/survey-channels.js';

/**
 * Conversations as the tests see it: every post kept with its tag. An error in `failWith` is
 * thrown after the post is kept: the provider took it, but its answer was lost.
 */
export class FakeMessaging implements MessagingSender {
  posts: Array<{
    conversationId: string;
    message: ChatSurveyMessage | null;
    text: string;
    tag: OutboxTag;
    id: string;
  }> = [];
  failWith: Error[] = [];
  async postSurvey(conversationId: string, message: ChatSurveyMessage, tag: OutboxTag) {
    return this.take(conversationId, message, message.text, tag);
  }
  async postText(conversationId: string, text: string, tag: OutboxTag) {
    return this.take(conversationId, null, text, tag);
  }
  async findPosted(conversationId: string, tag: OutboxTag) {
    const hit = this.posts.find(
      (p) =>
        p.conversationId === conversationId && p.tag.outboxId === tag.outboxId && p.tag.dedupeKey === tag.dedupeKey,
    );
    return hit ? { messageId: hit.id, postedAt: new Date() } : null;
  }
  private take(conversationId: string, message: ChatSurveyMessage | null, text: string, tag: OutboxTag) {
    const id = `msg${this.posts.length + 1}`;
    this.posts.push({ conversationId, message, text, tag, id });
    const error = this.failWith.shift();
    if (error) throw error;
    return { messageId: id };
  }
}
