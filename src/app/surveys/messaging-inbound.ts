import { isLowScore } from '../../domain/survey/channel.js';
import { readScorePayload } from '../../domain/survey/chat-message.js';
import { parseSmsReply } from '../../domain/survey/parse-reply.js';
import { SCALES } from '../../domain/survey/survey.js';
import { SURVEY_REPLY, type SurveyReplyPayload } from '../../ports/outbox.js';
import type { SurveyInbound } from '../../ports/survey-channels.js';
import type { SurveyRecord } from '../../ports/survey-store.js';
import { recordSurveyAnswer } from './record-answer.js';
import type { SurveyDeps } from './survey-deps.js';
import { textsFor } from './survey-view.js';

type MessagingReply = Parameters<SurveyInbound['handleMessagingReply']>[0];

/**
 * A customer's message or button press in a Zendesk messaging conversation. Unlike an SMS,
 * the conversation is also where the customer talks to support: only a button of ours, a
 * message that reads as a score, or the answer to "What made it hard?" is taken as an answer;
 * any other message is left to the agents and gets nothing from us. Replies (thanks, the
 * follow-up question) are queued in the outbox, one per inbound message.
 */
export function createMessagingInbound(
  deps: SurveyDeps,
  isOpen: (survey: SurveyRecord, now: Date) => boolean,
): SurveyInbound['handleMessagingReply'] {
  const { store, settings } = deps;
  return async ({ eventId, conversationId, text, payload, receivedAt }: MessagingReply) => {
    const button = readScorePayload(payload);
    const survey = button
      ? await store.surveys.getById(button.surveyId)
      : await store.surveys.latestSentToAddress(conversationId);
    const log = deps.logger.child({ eventId, surveyId: survey?.id ?? null, ticketId: survey?.ticketId ?? null });
    // A button names its survey; it must be this conversation's, or the payload is not ours.
    if (survey?.channel !== 'messaging' || survey.address !== conversationId) return;
    if (!isOpen(survey, receivedAt)) {
      log.info('message in a conversation whose survey is closed; left to support');
      return;
    }
    const texts = textsFor(survey, settings);
    const reply = (message: string) => queueReply(deps, survey, eventId, message);

    if (button) {
      if (survey.score !== null) return; // a second press changes nothing
      return recordScore(deps, survey, button.score, null, reply, texts);
    }
    const words = text?.trim() ?? '';
    if (words === '') return;
    if (survey.status === 'awaiting_verbatim') {
      await recordSurveyAnswer(deps, survey, { status: 'answered', verbatim: words.slice(0, 3000) });
      return reply(texts.thanksVerbatim);
    }
    if (survey.score !== null) return;
    const parsed = parseSmsReply(words, SCALES[survey.kind]);
    if (parsed.type === 'opt_out' || parsed.type === 'opt_in') {
      const optedOut = parsed.type === 'opt_out';
      await store.optOuts.set(conversationId, optedOut, `messaging:${words.toUpperCase()}`, receivedAt);
      log.info(optedOut ? 'opt-out recorded' : 'opt-out lifted');
      return reply(optedOut ? texts.optedOut : texts.optedIn);
    }
    if (parsed.type === 'score') return recordScore(deps, survey, parsed.score, parsed.comment, reply, texts);
    log.info({ type: parsed.type }, 'message without a score in a surveyed conversation; left to support');
  };
}

async function recordScore(
  deps: SurveyDeps,
  survey: SurveyRecord,
  score: number,
  comment: string | null,
  reply: (message: string) => Promise<void>,
  texts: ReturnType<typeof textsFor>,
): Promise<void> {
  const { min, max } = SCALES[survey.kind];
  if (!Number.isInteger(score) || score < min || score > max) return;
  const low = isLowScore(survey.kind, score);
  await recordSurveyAnswer(deps, survey, { status: low ? 'awaiting_verbatim' : 'answered', score, comment });
  await reply(low ? texts.followUp : texts.thanks);
}

/** One reply per inbound message: a webhook delivered twice queues it once. */
async function queueReply(deps: SurveyDeps, survey: SurveyRecord, eventId: string, text: string): Promise<void> {
  const now = deps.clock.now();
  const payload: SurveyReplyPayload = { surveyId: survey.id, text };
  await deps.store.outbox.enqueue(
    {
      kind: SURVEY_REPLY,
      dedupeKey: `survey.reply:${survey.id}:${eventId}`,
      ticketId: survey.ticketId,
      payload,
      notBefore: now,
    },
    now,
  );
}
