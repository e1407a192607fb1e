import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAlertService } from '../../src/app/alerts/alert-service.js';
import { runBackfill } from '../../src/app/backfill.js';
import type { ComputedEffort } from '../../src/app/recompute-effort.js';
import type { Store } from '../../src/ports/store.js';
import { alertHarness } from '../support/alert-harness.js';
import { fakeZendesk, makeEnv, NOW, SINCE, type Env } from '../support/backfill-fixtures.js';
import { STORE_BACKENDS } from '../support/store.js';

/** How many samples the stored buckets count in segment 'all' for one metric. */
async function effortIndexCount(store: Store): Promise<number> {
  const buckets = await store.alertSamples.listBuckets(0);
  return buckets
    .filter((b) => b.segment === 'all' && b.metric === 'effort_index')
    .reduce((sum, b) => sum + b.stats.n, 0);
}

describe.each(STORE_BACKENDS)('backfill alert samples ($name)', ({ open }) => {
  let store: Store;
  let env: Env;
  let bulkWrites: number[];
  let recordSolvedCases: (cases: readonly ComputedEffort[]) => Promise<void>;
  beforeEach(async () => {
    const opened = await open();
    bulkWrites = [];
    // The store as the backfill sees it, counting the sample store's writes.
    store = {
      ...opened,
      alertSamples: {
        ...opened.alertSamples,
        async recordMany(samples) {
          bulkWrites.push(samples.length);
          return opened.alertSamples.recordMany(samples);
        },
        async record() {
          throw new Error('the backfill records its samples in bulk');
        },
      },
    };
    env = makeEnv(store);
    const alerts = createAlertService(alertHarness(store, new Date(NOW)).deps);
    recordSolvedCases = async (cases) => void (await alerts.recordSolvedCases(cases, new Date(NOW)));
  });
  afterEach(async () => {
    await store.close();
  });

  it('samples the solved cases of a page with one bulk write', async () => {
    const summary = await runBackfill(
      { ...env.deps(fakeZendesk(env).port), onCasesRecomputed: recordSolvedCases },
      { since: SINCE },
    );
    expect(summary.recomputed).toBe(3);
    expect(bulkWrites).toEqual([2]); // tickets 1 and 2 are solved, 3 is open
    const samples = await store.alertSamples.listSamples({
      segment: 'all',
      from: SINCE,
      to: new Date(NOW),
      limit: 10,
    });
    // At their last solve: ticket 2 on March 4, ticket 1 (reopened) on March 3.
    expect(samples.map((s) => [s.key, s.at.toISOString()])).toEqual([
      ['case:2', '2026-03-04T10:30:00.000Z'],
      ['case:1', '2026-03-03T08:30:00.000Z'],
    ]);
    expect(await effortIndexCount(store)).toBe(2);
  });

  it('keeps a page and its samples together: killed mid-page, the rerun counts each case once', async () => {
    const killed = runBackfill(
      {
        ...env.deps(fakeZendesk(env).port),
        onCasesRecomputed: async (cases) => {
          await recordSolvedCases(cases);
          throw new Error('killed');
        },
      },
      { since: SINCE },
    );
    await expect(killed).rejects.toThrow('killed');
    // Neither the efforts nor the samples of the page were committed.
    expect(await store.tickets.listTicketsNeedingRecompute(10)).toEqual([1, 2, 3]);
    expect(await store.alertSamples.listBuckets(0)).toEqual([]);

    const rerun = await runBackfill(
      { ...env.deps(fakeZendesk(env).port), onCasesRecomputed: recordSolvedCases },
      { since: SINCE },
    );
    expect(rerun).toMatchObject({ resumed: true, recomputed: 3 });
    expect(await effortIndexCount(store)).toBe(2);
  });
});
