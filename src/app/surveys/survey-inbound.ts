import { isLowScore } from '../../domain/survey/channel.js';
import { parseSmsReply } from '../../domain/survey/parse-reply.js';
import { SCALES } from '../../domain/survey/survey.js';
import { availableSurveyLanguages, pickLanguage } from '../../domain/survey/texts.js';
import { maskPhone } from '../../logger.js';
import type { SurveyInbound } from '../../ports/survey-channels.js';
import type { SurveyRecord } from '../../ports/survey-store.js';
import { createMessagingInbound } from './messaging-inbound.js';
import { recordSurveyAnswer } from './record-answer.js';
import type { SurveyDeps } from './survey-deps.js';
import { slackViewFor, textsFor } from './survey-view.js';

const OPEN_FOR_REPLIES = new Set(['sent', 'reprompted', 'awaiting_verbatim']);
/** Twilio reports these when a message could not reach the phone. */
const FAILED_DELIVERY = new Set(['failed', 'undelivered']);
const UNSUBSCRIBED = '21610';

export function createSurveyInbound(deps: SurveyDeps): SurveyInbound {
  const { store, settings } = deps;
  const isOpen = (survey: SurveyRecord, now: Date) =>
    OPEN_FOR_REPLIES.has(survey.status) &&
    survey.sentAt !== null &&
    now.getTime() - survey.sentAt.getTime() <= settings.replyWindowHours * 3_600_000;

  return {
    async handleSmsReply({ messageSid, from, body, optOutType, buttonPayload, receivedAt }) {
      const log = deps.logger.child({ messageSid, from: maskPhone(from) });
      const latest = await store.surveys.latestSentToAddress(from);
      const customer = latest?.customerId ? await store.tickets.getCustomer(latest.customerId) : null;
      const texts = textsFor(
        {
          language:
            latest?.language ??
            pickLanguage(customer?.locale ?? null, availableSurveyLanguages(settings.textOverrides)),
        },
        settings,
      );
      const kind = latest?.kind ?? 'CES';
      // A WhatsApp button's id is ours to read first; its title comes as the body.
      const pressed = buttonPayload ? parseSmsReply(buttonPayload, SCALES[kind]) : null;
      const parsed = pressed?.type === 'score' ? { ...pressed, comment: null } : parseSmsReply(body, SCALES[kind]);
      const keyword = optOutType?.toUpperCase() ?? null;
      const source = from.startsWith('whatsapp:') ? 'whatsapp' : 'sms';

      if (keyword === 'STOP' || parsed.type === 'opt_out') {
        await store.optOuts.set(from, true, `${source}:${keyword ?? body.trim().toUpperCase()}`, receivedAt);
        log.info('opt-out recorded');
        // Twilio confirms STOP itself and would refuse a reply to an opted-out number.
        return { reply: null };
      }
      if (keyword === 'START' || parsed.type === 'opt_in') {
        await store.optOuts.set(from, false, `${source}:${keyword ?? body.trim().toUpperCase()}`, receivedAt);
        log.info('opt-out lifted');
        return { reply: null };
      }
      if (keyword === 'HELP' || parsed.type === 'help') return { reply: texts.help };

      if (!latest) return { reply: texts.unknownSurvey };
      if (!isOpen(latest, receivedAt)) return { reply: texts.expiredSurvey };
      const surveyLog = log.child({ ticketId: latest.ticketId, surveyId: latest.id });

      if (latest.status === 'awaiting_verbatim') {
        await recordSurveyAnswer(deps, latest, { status: 'answered', verbatim: body.trim() });
        return { reply: texts.thanksVerbatim };
      }
      if (parsed.type === 'score') {
        const low = isLowScore(latest.kind, parsed.score);
        await recordSurveyAnswer(deps, latest, {
          status: low ? 'awaiting_verbatim' : 'answered',
          score: parsed.score,
          comment: parsed.comment,
        });
        return { reply: low ? texts.followUp : texts.thanks };
      }
      if (latest.status === 'sent') {
        await store.surveys.update(latest.id, { status: 'reprompted' }, receivedAt);
        surveyLog.info('reply without a score; showing the scale again');
        return { reply: texts[latest.kind].reprompt };
      }
      // Second reply without a score: keep the words, stop asking.
      await recordSurveyAnswer(deps, latest, { status: 'answered', comment: body.trim() });
      return { reply: texts.thanks };
    },

    async handleSmsStatus({ messageSid, status, errorCode }) {
      const survey = await store.surveys.findByProviderMessageId(messageSid);
      if (!survey) return;
      const now = deps.clock.now();
      const failed = FAILED_DELIVERY.has(status);
      if (errorCode === UNSUBSCRIBED && survey.address)
        await store.optOuts.set(survey.address, true, `twilio:${UNSUBSCRIBED}`, now);
      await store.surveys.update(
        survey.id,
        {
          deliveryStatus: status,
          deliveryError: errorCode ? `twilio ${errorCode}` : survey.deliveryError,
          ...(failed && survey.status === 'sent' ? { status: 'failed' as const } : {}),
        },
        now,
      );
      deps.logger.info(
        { ticketId: survey.ticketId, surveyId: survey.id, messageSid, status, errorCode },
        'sms status updated',
      );
    },

    handleMessagingReply: createMessagingInbound(deps, isOpen),

    async handleSlackScore({ surveyId, score }) {
      const survey = await store.surveys.getById(surveyId);
      const now = deps.clock.now();
      if (!survey || survey.channel !== 'slack') return null;
      // A second press (or Slack's retry) changes nothing once a score is stored.
      if (survey.score !== null) return slackViewFor(survey, settings);
      if (!isOpen(survey, now)) return null;
      const { min, max } = SCALES[survey.kind];
      if (!Number.isInteger(score) || score < min || score > max) return null;
      const low = isLowScore(survey.kind, score);
      const updated = await recordSurveyAnswer(deps, survey, { status: low ? 'awaiting_verbatim' : 'answered', score });
      return slackViewFor(updated, settings);
    },

    async handleSlackVerbatim({ surveyId, text }) {
      const survey = await store.surveys.getById(surveyId);
      const now = deps.clock.now();
      if (!survey || survey.channel !== 'slack' || survey.status !== 'awaiting_verbatim' || !isOpen(survey, now))
        return null;
      const updated = await recordSurveyAnswer(deps, survey, {
        status: 'answered',
        verbatim: text.trim().slice(0, 3000),
      });
      return slackViewFor(updated, settings);
    },
  };
}
