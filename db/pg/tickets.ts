// PLACEHOLDER: replaced by the PostgreSQL repository (issue 16).
import type { TicketStore } from '../../src/ports/store.js';
import type { PgUnitOfWork } from './unit-of-work.js';
import { notBuiltYet } from './not-built-yet.js';

export function createTicketStore(
  _unit: PgUnitOfWork,
  _onEffortSaved: (ticketId: number) => Promise<void>,
): TicketStore {
  return notBuiltYet();
}
