// PLACEHOLDER: replaced by the PostgreSQL repository (issue 16).
import type { Outbox } from '../../src/ports/outbox.js';
import type { PgUnitOfWork } from './unit-of-work.js';
import { notBuiltYet } from './not-built-yet.js';

export function createOutbox(_unit: PgUnitOfWork): Outbox {
  return notBuiltYet();
}
