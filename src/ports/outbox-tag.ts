/**
 * What ties a message at a provider back to the outbox message that sent it. Senders attach
 * it where the provider keeps such data (Zendesk audit metadata, Slack message metadata), so
 * that after a crash or a timeout mid-send they can ask "did you already take this one?"
 * and answer with the earlier provider id instead of sending a second time.
 */
export interface OutboxTag {
  /** The outbox message's id (`OutboxMessage.id`). */
  outboxId: number;
  /**
   * Its dedupe key, stable per message. Matched together with the id, so that a message of
   * another installation (or of this one before its database was reset) that happens to
   * have the same id is not taken for this one.
   */
  dedupeKey: string;
}
