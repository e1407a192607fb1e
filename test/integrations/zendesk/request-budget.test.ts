import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequestBudget, type RequestBudget } from '../../../integrations/zendesk/request-budget.js';
import type { PacingStore } from '../../../src/ports/pacing-store.js';
import type { Store } from '../../../src/ports/store.js';
import { STORE_BACKENDS } from '../../support/store.js';

/** The grants, at the moment each call goes out, never exceed `perMinute` in any 60-second window. */
function expectWithinBudget(sent: number[], perMinute: number) {
  const sorted = [...sent].sort((a, b) => a - b);
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while ((sorted[i] ?? 0) - (sorted[j] ?? 0) >= 60_000) j++;
    expect(i - j + 1).toBeLessThanOrEqual(perMinute);
  }
}

const asks = fc.array(fc.tuple(fc.integer({ min: 0, max: 3_000 }), fc.nat(2)), { minLength: 1, maxLength: 600 });

/**
 * Plays the asks against the budgets (each ask goes to budget `which % budgets.length`) on
 * one clock, and returns when each granted call went out.
 */
async function play(makeBudgets: (now: () => number) => RequestBudget[], gaps: Array<[number, number]>) {
  let now = 0;
  const budgets = makeBudgets(() => now);
  const sent: number[] = [];
  for (const [gap, which] of gaps) {
    now += gap;
    const slot = await (budgets[which % budgets.length] as RequestBudget).take();
    if (slot >= 0) sent.push(now + slot);
  }
  return sent;
}

describe('createRequestBudget: pacing below the account limit', () => {
  it('lets a tenth of the minute go at once, then paces the rest, and says when a slot is too far away', async () => {
    let now = 0;
    const budget = createRequestBudget({ perMinute: 100, maxWaitMs: 1_000, now: () => now });
    const first = [];
    for (let i = 0; i < 10; i++) first.push(await budget.take());
    expect(first).toEqual(Array(10).fill(0));
    // 100 × 0.9 a minute: a slot every 666.7 ms (667, in whole ms) after the burst.
    expect(await budget.take()).toBe(667);
    const tooFar = await budget.take();
    expect(tooFar).toBeLessThan(-1_000);
    now = -tooFar;
    expect(await budget.take()).toBe(0);
  });

  it('never grants more than the budget in any 60-second window, whatever the pattern of asks', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 400 }), asks, async (perMinute, gaps) => {
        const sent = await play((now) => [createRequestBudget({ perMinute, maxWaitMs: 5_000, now })], gaps);
        expectWithinBudget(sent, perMinute);
      }),
    );
  });

  it('counts what it granted in the last minute', async () => {
    let now = 0;
    const budget = createRequestBudget({ perMinute: 600, now: () => now });
    for (let i = 0; i < 30; i++) await budget.take();
    expect(budget.usedLastMinute()).toBe(30);
    now = 61_000;
    expect(budget.usedLastMinute()).toBe(0);
  });
});

describe.each(STORE_BACKENDS)('createRequestBudget: two instances on one $name database', ({ name, open }) => {
  let store: Store;
  beforeAll(async () => {
    store = await open();
  });
  afterAll(async () => {
    await store.close();
  });
  let round = 0;
  /** Two processes' budgets: each its own object and clock reading, the slots in the one store. */
  const instances = (pacing: PacingStore, perMinute: number, key: string) => (now: () => number) => [
    createRequestBudget({ perMinute, maxWaitMs: 5_000, now, pacing, key }),
    createRequestBudget({ perMinute, maxWaitMs: 5_000, now, pacing, key }),
  ];

  it('keeps their calls together within one budget in every 60-second window', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 400 }), asks, async (perMinute, gaps) => {
        const sent = await play(instances(store.pacing, perMinute, `zendesk:requests:${round++}`), gaps);
        expectWithinBudget(sent, perMinute);
      }),
      { numRuns: name === 'SQLite' ? 100 : 10 },
    );
  });

  it('would spend twice the budget without the shared store (the test can tell)', async () => {
    // The same asks to two budgets kept in their own memory: together they go over.
    const gaps: Array<[number, number]> = Array.from({ length: 400 }, (_, i) => [100, i % 2]);
    const apart = await play(
      (now) => [createRequestBudget({ perMinute: 100, now }), createRequestBudget({ perMinute: 100, now })],
      gaps,
    );
    expect(() => expectWithinBudget(apart, 100)).toThrow();
    const shared = await play(instances(store.pacing, 100, 'zendesk:requests:apart'), gaps);
    expectWithinBudget(shared, 100);
  });
});
