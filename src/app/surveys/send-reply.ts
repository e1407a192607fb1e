import { ChannelSendError } from '../../ports/errors.js';
import type { OutboxSender, SURVEY_REPLY } from '../../ports/outbox.js';
import type { OutboxTag } from '../../ports/outbox-tag.js';
import type { SurveyDeps } from './survey-deps.js';

/**
 * Outbox sender for `survey.reply`: posts a survey's reply (thanks, "What made it hard?") into
 * its messaging conversation. After a try whose outcome is unknown, the conversation is read
 * for the post first, so the customer never reads the same reply twice.
 */
export function createSurveyReplySender(deps: SurveyDeps): OutboxSender<typeof SURVEY_REPLY> {
  return async (message, log, context) => {
    const survey = await deps.store.surveys.getById(message.payload.surveyId);
    const messaging = deps.channels.messaging;
    if (!survey?.address || survey.channel !== 'messaging') return { providerId: null };
    if (!messaging) throw new ChannelSendError('messaging is off; the reply waits for it', { permanent: false });
    const tag: OutboxTag = { outboxId: message.id, dedupeKey: message.dedupeKey };
    if (context.previousOutcomeUnknown) {
      const since = survey.answeredAt ?? survey.sentAt ?? survey.createdAt;
      const earlier = await messaging.findPosted(survey.address, tag, since);
      if (earlier) {
        log.info({ surveyId: survey.id, messageId: earlier.messageId }, 'reply already posted by an earlier try');
        return { providerId: earlier.messageId };
      }
    }
    const { messageId } = await messaging.postText(survey.address, message.payload.text, tag);
    return { providerId: messageId };
  };
}
