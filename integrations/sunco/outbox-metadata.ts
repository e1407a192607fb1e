import type { OutboxTag } from '../../src/ports/outbox-tag.js';

/**
 * Message metadata naming the outbox message that posted it. Conversations keeps a message's
 * `metadata` (a flat object of strings, numbers and booleans, up to 4 KB) and returns it when
 * the messages are listed, so a post can be recognised after a crash or a timeout.
 */
export function tagMetadata(tag: OutboxTag): Record<string, string> {
  return { effortless_outbox_id: String(tag.outboxId), effortless_outbox_key: tag.dedupeKey };
}

/** A business message carrying this tag's metadata. */
export function isOurPost(
  message: { author?: { type?: string }; metadata?: Record<string, unknown> | null },
  tag: OutboxTag,
): boolean {
  const metadata = message.metadata ?? {};
  return (
    message.author?.type === 'business' &&
    metadata.effortless_outbox_id === String(tag.outboxId) &&
    metadata.effortless_outbox_key === tag.dedupeKey
  );
}
