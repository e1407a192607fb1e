import type { OutboxMessage, SURVEY_SEND } from '../../ports/outbox.js';
import type { SurveyDeps } from './survey-deps.js';

/** After the outbox's last try the survey is failed, with the reason, instead of "scheduled" forever. */
export function markSurveyFailed(deps: Pick<SurveyDeps, 'store' | 'clock'>) {
  return async (message: OutboxMessage<typeof SURVEY_SEND>, error: string) => {
    const { surveyId } = message.payload;
    const survey = await deps.store.surveys.getById(surveyId);
    if (survey?.status === 'scheduled')
      await deps.store.surveys.update(surveyId, { status: 'failed', deliveryError: error }, deps.clock.now());
  };
}
