// PLACEHOLDER: replaced by the PostgreSQL repository (issue 16).
import type { OptOutStore, SurveyStore } from '../../src/ports/survey-store.js';
import type { PgUnitOfWork } from './unit-of-work.js';
import { notBuiltYet } from './not-built-yet.js';

export function createSurveyStore(
  _unit: PgUnitOfWork,
  _onSurveyChanged: (ticketId: number) => Promise<void>,
): SurveyStore {
  return notBuiltYet();
}

export function createOptOutStore(_unit: PgUnitOfWork): OptOutStore {
  return notBuiltYet();
}
