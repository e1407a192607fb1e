import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../db/open-store.js';
import { MemoryPacing, type Pace } from '../../src/domain/pacing.js';
import type { Store } from '../../src/ports/store.js';
import { createTestPostgresDatabase, STORE_BACKENDS } from '../support/store.js';

const T0 = 1_780_000_000_000;
const at = (ms: number) => new Date(T0 + ms);
const offset = (slot: { at: Date }) => slot.at.getTime() - T0;

describe.each(STORE_BACKENDS)('pacing store ($name)', ({ open }) => {
  let store: Store;
  beforeEach(async () => {
    store = await open();
  });
  afterEach(async () => {
    await store.close();
  });

  it('gives a new key its slot now, then one slot per interval to callers at the same moment', async () => {
    const pace = { intervalMs: 250 };
    const slots = [];
    for (let i = 0; i < 4; i++) slots.push(await store.pacing.reserve('slack:channel:leads', pace, at(0)));
    expect(slots.map(offset)).toEqual([0, 250, 500, 750]);
    expect(slots.every((slot) => slot.taken)).toBe(true);
  });

  it('lets a burst go at once after a quiet spell, then paces the rest', async () => {
    const pace = { intervalMs: 100, burst: 3 };
    const first = [];
    for (let i = 0; i < 5; i++) first.push(offset(await store.pacing.reserve('k', pace, at(0))));
    expect(first).toEqual([0, 0, 0, 100, 200]);
    // Ten intervals later the key is quiet again: a whole burst is free.
    const later = [];
    for (let i = 0; i < 4; i++) later.push(offset(await store.pacing.reserve('k', pace, at(1_000))));
    expect(later).toEqual([1_000, 1_000, 1_000, 1_100]);
  });

  it('does not take a slot further than maxWaitMs, says when to ask again, and gives it then', async () => {
    const pace = { intervalMs: 1_000, maxWaitMs: 1_500 };
    expect(offset(await store.pacing.reserve('k', pace, at(0)))).toBe(0);
    expect(offset(await store.pacing.reserve('k', pace, at(0)))).toBe(1_000);
    const tooFar = await store.pacing.reserve('k', pace, at(0));
    expect(tooFar).toEqual({ at: at(2_000), taken: false });
    // Refused asks take nothing: the key's next slot is still at 2 s.
    expect(await store.pacing.reserve('k', pace, at(0))).toEqual({ at: at(2_000), taken: false });
    expect(await store.pacing.reserve('k', pace, at(2_000))).toEqual({ at: at(2_000), taken: true });
  });

  it('paces each key on its own', async () => {
    const pace = { intervalMs: 500 };
    await store.pacing.reserve('slack:channel:a', pace, at(0));
    expect(offset(await store.pacing.reserve('slack:channel:b', pace, at(0)))).toBe(0);
    expect(offset(await store.pacing.reserve('slack:channel:a', pace, at(0)))).toBe(500);
  });

  it('keeps the latest of the holds on a key, and knows no hold on a key never held', async () => {
    expect(await store.pacing.heldUntil('gate:slack')).toBeNull();
    await store.pacing.holdUntil('gate:slack', at(30_000));
    await store.pacing.holdUntil('gate:slack', at(10_000)); // a shorter hold that came later
    expect(await store.pacing.heldUntil('gate:slack')).toEqual(at(30_000));
    await store.pacing.holdUntil('gate:slack', at(60_000));
    expect(await store.pacing.heldUntil('gate:slack')).toEqual(at(60_000));
    expect(await store.pacing.heldUntil('gate:twilio')).toBeNull();
  });

  it('answers as the in-memory arithmetic does, for any sequence of asks', async () => {
    const runs = STORE_BACKENDS[0]?.open === open ? 60 : 12;
    let round = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({ intervalMs: fc.integer({ min: 1, max: 2_000 }), burst: fc.integer({ min: 1, max: 5 }) }),
        fc.integer({ min: 0, max: 5_000 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 1_500 }), fc.constantFrom('a', 'b')), { maxLength: 25 }),
        async (shape, maxWaitMs, asks) => {
          const pace: Pace = { ...shape, maxWaitMs };
          const memory = new MemoryPacing();
          const prefix = `model-${round++}-`;
          let now = 0;
          for (const [gap, key] of asks) {
            now += gap;
            const stored = await store.pacing.reserve(prefix + key, pace, at(now));
            expect(stored).toEqual(await memory.reserve(prefix + key, pace, at(now)));
          }
        },
      ),
      { numRuns: runs },
    );
  });
});

describe('pacing shared by several stores on one database', () => {
  const opened: Store[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  /** Many reservations at once from every store: each slot is taken once, one interval after the last. */
  async function expectDistinctSlots(stores: Store[], perStore: number) {
    const pace = { intervalMs: 40 };
    const asks = stores.flatMap((store) =>
      Array.from({ length: perStore }, () => store.pacing.reserve('zendesk:requests', pace, at(0))),
    );
    const slots = (await Promise.all(asks)).map(offset).sort((a, b) => a - b);
    expect(slots).toEqual(Array.from({ length: stores.length * perStore }, (_, i) => i * pace.intervalMs));
  }

  it('PostgreSQL: concurrent reservations from three pools never share a slot', async () => {
    const url = await createTestPostgresDatabase();
    for (let i = 0; i < 3; i++) opened.push(await openStore(url, { migrate: false, poolSize: 4 }));
    await expectDistinctSlots(opened, 40);
  });

  it('SQLite: two connections to one file never share a slot', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'effortless-pacing-'));
    dirs.push(dir);
    const url = `file:${join(dir, 'shared.db')}`;
    opened.push(await openStore(url, { migrate: true }));
    opened.push(await openStore(url, { migrate: false }));
    await expectDistinctSlots(opened, 30);
  });
});
