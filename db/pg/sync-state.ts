// PLACEHOLDER: replaced by the PostgreSQL repository (issue 16).
import type { SyncStateStore } from '../../src/ports/store.js';
import type { PgUnitOfWork } from './unit-of-work.js';
import { notBuiltYet } from './not-built-yet.js';

export function createSyncStateStore(_unit: PgUnitOfWork): SyncStateStore {
  return notBuiltYet();
}
