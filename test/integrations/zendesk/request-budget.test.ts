import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRequestBudget } from '../../../integrations/zendesk/request-budget.js';

describe('createRequestBudget: pacing below the account limit', () => {
  it('lets a tenth of the minute go at once, then paces the rest, and says when a slot is too far away', () => {
    let now = 0;
    const budget = createRequestBudget({ perMinute: 100, maxWaitMs: 1_000, now: () => now });
    const first = Array.from({ length: 10 }, () => budget.take());
    expect(first).toEqual(Array(10).fill(0));
    // 100 × 0.9 a minute: a slot every 666.7 ms after the burst.
    expect(budget.take()).toBe(667);
    const tooFar = budget.take();
    expect(tooFar).toBeLessThan(-1_000);
    now = -tooFar;
    expect(budget.take()).toBe(0);
  });

  it('never grants more than the budget in any 60-second window, whatever the pattern of asks', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 400 }),
        fc.array(fc.integer({ min: 0, max: 3_000 }), { minLength: 1, maxLength: 600 }),
        (perMinute, gaps) => {
          let now = 0;
          const budget = createRequestBudget({ perMinute, maxWaitMs: 5_000, now: () => now });
          const sent: number[] = [];
          for (const gap of gaps) {
            now += gap;
            const slot = budget.take();
            if (slot >= 0) sent.push(now + slot);
          }
          sent.sort((a, b) => a - b);
          for (let i = 0, j = 0; i < sent.length; i++) {
            while ((sent[i] ?? 0) - (sent[j] ?? 0) >= 60_000) j++;
            expect(i - j + 1).toBeLessThanOrEqual(perMinute);
          }
        },
      ),
    );
  });

  it('counts what it granted in the last minute', () => {
    let now = 0;
    const budget = createRequestBudget({ perMinute: 600, now: () => now });
    for (let i = 0; i < 30; i++) budget.take();
    expect(budget.usedLastMinute()).toBe(30);
    now = 61_000;
    expect(budget.usedLastMinute()).toBe(0);
  });
});
