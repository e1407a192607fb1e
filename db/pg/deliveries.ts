// PLACEHOLDER: replaced by the PostgreSQL repository (issue 16).
import type { DeliveryInbox } from '../../src/ports/inbox.js';
import type { PgUnitOfWork } from './unit-of-work.js';
import { notBuiltYet } from './not-built-yet.js';

export function createDeliveryInbox(_unit: PgUnitOfWork): DeliveryInbox {
  return notBuiltYet();
}
