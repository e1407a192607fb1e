// PLACEHOLDER: replaced by the PostgreSQL repository (issue 16).
import type { AlertStore } from '../../src/ports/alert-store.js';
import type { PgUnitOfWork } from './unit-of-work.js';
import { notBuiltYet } from './not-built-yet.js';

export function createAlertStore(_unit: PgUnitOfWork): AlertStore {
  return notBuiltYet();
}
