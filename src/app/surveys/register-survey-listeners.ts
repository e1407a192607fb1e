import { cancelScheduledSurvey, planSurvey } from './plan-survey.js';
import type { SurveyDeps } from './survey-deps.js';

/** Chatwoot-style listeners: return early unless the case reached the trigger status. */
export function registerSurveyListeners(deps: SurveyDeps): void {
  deps.events.on('ticket.solved', async (event) => {
    if (deps.settings.trigger === 'solved') await planSurvey(deps, event.ticketId, event.at);
  });
  deps.events.on('ticket.closed', async (event) => {
    if (deps.settings.trigger === 'closed') await planSurvey(deps, event.ticketId, event.at);
  });
  deps.events.on('ticket.reopened', async (event) => {
    await cancelScheduledSurvey(deps, event.ticketId);
  });
}
