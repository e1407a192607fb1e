import { describe, expect, it } from 'vitest';
import { MetricAggregates, windowBounds } from '../../../src/domain/alerts/aggregates.js';
import { HOUR_MS, type MetricSample } from '../../../src/domain/alerts/sample.js';

const now = new Date('2026-11-23T12:30:00Z');
const hoursAgo = (h: number) => new Date(now.getTime() - h * HOUR_MS);
const window = { recentHours: 24, baselineDays: 28 };

function sample(
  key: string,
  at: Date,
  team: number | null,
  effort: number,
  segments = ['all', 'channel:email'],
): MetricSample {
  return { key, ticketId: 1, at, team, segments, values: { effort_index: effort } };
}

function seriesOf(agg: MetricAggregates, segment: string, team: number | null) {
  return agg.windowed(now, window).find((s) => s.segment === segment && s.team === team && s.metric === 'effort_index');
}

describe('windowBounds', () => {
  it('counts the current hour as the newest of the recent hours, and the baseline right before', () => {
    const { recentFrom, baselineFrom } = windowBounds(now, window);
    expect(new Date(recentFrom).toISOString()).toBe('2026-11-22T13:00:00.000Z');
    expect(new Date(baselineFrom).toISOString()).toBe('2026-10-25T13:00:00.000Z');
  });
});

describe('MetricAggregates', () => {
  it('splits samples into the recent window and the baseline, ignoring older hours', () => {
    const agg = new MetricAggregates();
    agg.applySample(sample('a', hoursAgo(1), 7, 40), 1);
    agg.applySample(sample('b', hoursAgo(3), 7, 60), 1);
    agg.applySample(sample('c', hoursAgo(48), 7, 10), 1);
    agg.applySample(sample('d', hoursAgo(24 * 40), 7, 99), 1);
    const s = seriesOf(agg, 'all', 7);
    expect(s?.recent).toEqual({ n: 2, sum: 100, sumSquares: 40 * 40 + 60 * 60 });
    expect(s?.baseline).toEqual({ n: 1, sum: 10, sumSquares: 100 });
    expect(seriesOf(agg, 'channel:email', 7)?.recent.n).toBe(2);
  });

  it('keeps teams apart, unassigned included', () => {
    const agg = new MetricAggregates();
    agg.applySample(sample('a', hoursAgo(1), 7, 40), 1);
    agg.applySample(sample('b', hoursAgo(1), null, 20), 1);
    expect(seriesOf(agg, 'all', 7)?.recent.sum).toBe(40);
    expect(seriesOf(agg, 'all', null)?.recent.sum).toBe(20);
  });

  it('takes a replaced sample out again, dropping emptied cells', () => {
    const agg = new MetricAggregates();
    const first = sample('case:1', hoursAgo(30), 7, 40);
    agg.applySample(first, 1);
    agg.applySample(first, -1);
    agg.applySample(sample('case:1', hoursAgo(1), 8, 70), 1);
    expect(seriesOf(agg, 'all', 7)).toBeUndefined();
    expect(seriesOf(agg, 'all', 8)?.recent).toEqual({ n: 1, sum: 70, sumSquares: 4900 });
  });

  it('loads stored buckets and prunes hours no window reaches', () => {
    const agg = new MetricAggregates();
    const hour = windowBounds(now, window).baselineFrom - HOUR_MS;
    agg.addBucket({
      segment: 'all',
      team: 7,
      metric: 'effort_index',
      hour,
      stats: { n: 3, sum: 90, sumSquares: 2700 },
    });
    agg.addBucket({
      segment: 'all',
      team: 7,
      metric: 'effort_index',
      hour: hour + 2 * HOUR_MS,
      stats: { n: 1, sum: 5, sumSquares: 25 },
    });
    expect(seriesOf(agg, 'all', 7)?.baseline.n).toBe(1);
    agg.prune(hour + HOUR_MS);
    expect(agg.seriesCount).toBe(1);
    agg.prune(hour + 3 * HOUR_MS);
    expect(agg.seriesCount).toBe(0);
  });
});
