import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  lastWeeklyPost,
  queueDueWeeklyReport,
  type WeeklyReportDeps,
} from '../../../src/app/report/weekly-schedule.js';
import { SLACK_REPORT } from '../../../src/ports/outbox.js';
import type { Store } from '../../../src/ports/store.js';
import { captureLogs } from '../../support/capture-logs.js';
import { openTestStore } from '../../support/store.js';

const monday9Amsterdam = { weekday: 1, time: '09:00', timeZone: 'Europe/Amsterdam' };

describe('lastWeeklyPost', () => {
  it('is the last Monday 09:00 local, reporting the seven local days before it', () => {
    // Wednesday 2 Dec 2026: the last post was Monday 30 Nov 09:00 CET (08:00 UTC).
    expect(lastWeeklyPost(new Date('2026-12-02T12:00:00Z'), monday9Amsterdam)).toEqual({
      postAt: new Date('2026-11-30T08:00:00Z'),
      since: new Date('2026-11-22T23:00:00Z'),
      until: new Date('2026-11-29T23:00:00Z'),
    });
  });

  it('on the posting day before the time, it is the week before', () => {
    expect(lastWeeklyPost(new Date('2026-11-30T07:59:00Z'), monday9Amsterdam).postAt).toEqual(
      new Date('2026-11-23T08:00:00Z'),
    );
    expect(lastWeeklyPost(new Date('2026-11-30T08:00:00Z'), monday9Amsterdam).postAt).toEqual(
      new Date('2026-11-30T08:00:00Z'),
    );
  });

  it('follows summer time: the post stays at 09:00 local', () => {
    const afterSwitch = lastWeeklyPost(new Date('2026-03-31T12:00:00Z'), monday9Amsterdam);
    expect(afterSwitch.postAt).toEqual(new Date('2026-03-30T07:00:00Z'));
    expect(afterSwitch.until.getTime() - afterSwitch.since.getTime()).toBe(7 * 86_400_000 - 3_600_000);
  });
});

describe('queueDueWeeklyReport', () => {
  let store: Store;
  beforeEach(async () => {
    store = await openTestStore();
  });
  afterEach(async () => {
    await store.close();
  });

  const depsAt = (iso: string): WeeklyReportDeps => ({
    outbox: store.outbox,
    state: store.syncState,
    atomically: (work) => store.atomically(work),
    clock: { now: () => new Date(iso) },
    logger: captureLogs().logger,
    schedule: { weekday: 1, time: '09:00', timeZone: 'UTC' },
  });

  async function queuedReports(): Promise<string[]> {
    const keys: string[] = [];
    const later = new Date('2027-01-01T00:00:00Z');
    for (let m = await store.outbox.claimNext(later, 60_000, [SLACK_REPORT]); m; ) {
      keys.push(m.dedupeKey);
      await store.outbox.markSent(m.id, null, later);
      m = await store.outbox.claimNext(later, 60_000, [SLACK_REPORT]);
    }
    return keys;
  }

  it('a new install posts nothing for the weeks before it started', async () => {
    expect(await queueDueWeeklyReport(depsAt('2026-11-25T12:00:00Z'))).toBe(false);
    expect(await queueDueWeeklyReport(depsAt('2026-11-26T12:00:00Z'))).toBe(false);
    expect(await queuedReports()).toEqual([]);
  });

  it('queues each week once, across checks and restarts (a new process, same database)', async () => {
    await queueDueWeeklyReport(depsAt('2026-11-25T12:00:00Z'));
    expect(await queueDueWeeklyReport(depsAt('2026-11-30T08:59:00Z'))).toBe(false);
    expect(await queueDueWeeklyReport(depsAt('2026-11-30T09:00:00Z'))).toBe(true);
    expect(await queueDueWeeklyReport(depsAt('2026-11-30T09:05:00Z'))).toBe(false);
    // Down over the posting time, back on Tuesday: the week is still posted, once.
    expect(await queueDueWeeklyReport(depsAt('2026-12-08T10:00:00Z'))).toBe(true);
    expect(await queueDueWeeklyReport(depsAt('2026-12-08T10:05:00Z'))).toBe(false);
    expect(await queuedReports()).toEqual([
      'report:weekly:2026-11-30T00:00:00.000Z',
      'report:weekly:2026-12-07T00:00:00.000Z',
    ]);
  });
});
