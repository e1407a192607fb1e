import { describe, expect, it } from 'vitest';
import type { DriverCostReport } from '../../../src/app/dashboard/driver-costs.js';
import { keptFits } from '../../../src/app/dashboard/kept-fits.js';

const report = (answers: number) => ({ answers }) as unknown as DriverCostReport;

describe('keptFits', () => {
  it('fits a new filter now, keeps it for the same answers, and refits once in the background when they change', async () => {
    const fits = keptFits();
    let calls = 0;
    const fitWith = (answers: number) => async () => {
      calls += 1;
      return report(answers);
    };
    expect((await fits.get('team=7', 'a', fitWith(150))).answers).toBe(150);
    expect((await fits.get('team=7', 'a', fitWith(999))).answers).toBe(150);
    expect(calls).toBe(1);

    // New answers: both requests get the kept fit at once; one refit runs for them.
    const [first, second] = await Promise.all([
      fits.get('team=7', 'b', fitWith(151)),
      fits.get('team=7', 'b', fitWith(151)),
    ]);
    expect([first.answers, second.answers]).toEqual([150, 150]);
    await fits.settled();
    expect(calls).toBe(2);
    expect((await fits.get('team=7', 'b', fitWith(999))).answers).toBe(151);
    // Another filter is fitted on its own.
    expect((await fits.get('team=8', 'b', fitWith(40))).answers).toBe(40);
  });

  it('keeps the last fit when a refit fails, and tries again on the next request', async () => {
    const fits = keptFits();
    await fits.get('all', 'a', async () => report(10));
    const failed = await fits.get('all', 'b', async () => {
      throw new Error('database busy');
    });
    expect(failed.answers).toBe(10);
    await fits.settled();
    expect((await fits.get('all', 'b', async () => report(12))).answers).toBe(10);
    await fits.settled();
    expect((await fits.get('all', 'b', async () => report(99))).answers).toBe(12);
  });

  it('lets the first fit of a filter fail for the request that asked', async () => {
    const fits = keptFits();
    await expect(
      fits.get('all', 'a', async () => {
        throw new Error('database busy');
      }),
    ).rejects.toThrow('database busy');
  });
});
