import { createHash } from 'node:crypto';
import { SCALES } from '../../domain/survey/survey.js';
import { ZENDESK_TICKET_UPDATE, type ZendeskTicketUpdatePayload } from '../../ports/outbox.js';
import type { SurveyPatch, SurveyRecord } from '../../ports/survey-store.js';
import type { SurveyDeps } from './survey-deps.js';

/** The internal note agents read on the ticket; the customer's own words are quoted as given. */
function answerNote(survey: SurveyRecord): string {
  const scale = SCALES[survey.kind];
  const lines = [`Effortless survey (${survey.kind}, ${survey.channel ?? 'unknown channel'})`];
  lines.push(survey.score === null ? 'No score given.' : `Score: ${survey.score} on ${scale.min}-${scale.max}`);
  if (survey.verbatim) lines.push(`What made it hard: "${survey.verbatim}"`);
  if (survey.comment) lines.push(`Comment: "${survey.comment}"`);
  if (survey.effortIndex !== null) lines.push(`Effort index when solved: ${survey.effortIndex}/100`);
  return lines.join('\n');
}

/**
 * Stores what the customer said, tells listeners (alerts), and queues the write-back:
 * CES field, `ces_N` tag (`csat_N`, `nps_N` for the others) and an internal note.
 */
export async function recordSurveyAnswer(
  deps: SurveyDeps,
  survey: SurveyRecord,
  patch: SurveyPatch,
): Promise<SurveyRecord> {
  const now = deps.clock.now();
  const updated = await deps.store.surveys.update(survey.id, { answeredAt: survey.answeredAt ?? now, ...patch }, now);
  const { score, verbatim, comment } = updated;
  const fieldId = updated.kind === 'CES' ? deps.settings.cesFieldId : null;
  const message: ZendeskTicketUpdatePayload = {
    ticketId: updated.ticketId,
    update: {
      customFields: fieldId !== null && score !== null ? [{ id: fieldId, value: score }] : [],
      addTags: score !== null ? [`${updated.kind.toLowerCase()}_${score}`] : [],
      removeTags: [],
      internalNote: answerNote(updated),
    },
  };
  // One write per distinct answer state: a retried webhook or button press writes nothing new.
  const state = createHash('sha256')
    .update(JSON.stringify([score, verbatim, comment]))
    .digest('hex')
    .slice(0, 16);
  await deps.store.outbox.enqueue(
    {
      kind: ZENDESK_TICKET_UPDATE,
      dedupeKey: `zendesk.survey:${updated.id}:${state}`,
      ticketId: updated.ticketId,
      payload: message,
      notBefore: now,
    },
    now,
  );
  await deps.events.emit({
    type: 'survey.answered',
    surveyId: updated.id,
    ticketId: updated.ticketId,
    kind: updated.kind,
    score,
    verbatim,
    at: now,
  });
  deps.logger.info(
    { ticketId: updated.ticketId, surveyId: updated.id, score, hasVerbatim: verbatim !== null },
    'survey answer recorded',
  );
  return updated;
}
