import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/ports/store.js';
import { STORE_BACKENDS } from '../support/store.js';

const t0 = new Date('2026-03-02T10:00:00Z');

describe.each(STORE_BACKENDS)('sync state ($name)', ({ open }) => {
  let store: Store;
  beforeEach(async () => {
    store = await open();
  });
  afterEach(async () => {
    await store.close();
  });

  it('keeps the last value of each key, whatever JSON it is', async () => {
    expect(await store.syncState.get('backfill')).toBeNull();
    await store.syncState.set('backfill', { phase: 'tickets', cursor: 'abc' }, t0);
    await store.syncState.set('backfill', { phase: 'events', startTime: 1_772_445_600 }, t0);
    await store.syncState.set('weights', [1.5, 2], t0);
    await store.syncState.set('name', 'effort', t0);
    expect(await store.syncState.get('backfill')).toEqual({ phase: 'events', startTime: 1_772_445_600 });
    expect(await store.syncState.get('weights')).toEqual([1.5, 2]);
    expect(await store.syncState.get('name')).toBe('effort');
  });
});
