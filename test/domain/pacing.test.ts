import { describe, expect, it } from 'vitest';
import { MemoryPacing, paceInWholeMs, reserveSlot } from '../../src/domain/pacing.js';

describe('reserveSlot: the cell-rate step', () => {
  it('takes the slot now on a quiet key and moves its next slot one interval on', () => {
    expect(reserveSlot(0, { intervalMs: 100 }, 5_000)).toEqual({
      slot: { at: new Date(5_000), taken: true },
      nextAt: 5_100,
    });
  });

  it('lets burst - 1 slots come early, then makes the caller wait', () => {
    const pace = { intervalMs: 100, burst: 3 };
    // Two slots were taken at 5 000: the next is 5 200, and two slots early is still now.
    expect(reserveSlot(5_200, pace, 5_000).slot).toEqual({ at: new Date(5_000), taken: true });
    expect(reserveSlot(5_300, pace, 5_000).slot).toEqual({ at: new Date(5_100), taken: true });
  });

  it('refuses a slot beyond maxWaitMs without moving the key', () => {
    expect(reserveSlot(9_000, { intervalMs: 100, maxWaitMs: 3_000 }, 5_000)).toEqual({
      slot: { at: new Date(9_000), taken: false },
      nextAt: null,
    });
  });

  it('rounds a fractional interval up, so a pace never runs faster than asked', () => {
    expect(paceInWholeMs({ intervalMs: 666.67, burst: 10 })).toMatchObject({ intervalMs: 667, toleranceMs: 6_003 });
  });
});

describe('MemoryPacing', () => {
  it('keeps each key apart', async () => {
    const pacing = new MemoryPacing();
    const pace = { intervalMs: 1_000 };
    await pacing.reserve('a', pace, new Date(0));
    expect((await pacing.reserve('b', pace, new Date(0))).at).toEqual(new Date(0));
    expect((await pacing.reserve('a', pace, new Date(0))).at).toEqual(new Date(1_000));
  });
});
