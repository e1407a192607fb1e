import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlertMetric, MetricValues } from '../../src/domain/alerts/alert-metrics.js';
import { HOUR_MS, sampleCells, type MetricSample } from '../../src/domain/alerts/sample.js';
import type { TeamId } from '../../src/domain/alerts/segments.js';
import type { MetricBucket } from '../../src/ports/alert-store.js';
import type { Store } from '../../src/ports/store.js';
import { STORE_BACKENDS } from '../support/store.js';

const h0 = Date.parse('2026-03-02T10:00:00Z');
const at = (minutes: number) => new Date(h0 + minutes * 60_000);

const sample = (overrides: Partial<MetricSample> = {}): MetricSample => ({
  key: 'case:1',
  ticketId: 1,
  at: at(15),
  team: 42,
  segments: ['all', 'channel:email'],
  values: { effort_index: 60, reopen_rate: 1 },
  ...overrides,
});

const cellKey = (segment: string, team: TeamId, metric: AlertMetric, hour: number) =>
  `${segment}|${team ?? 'none'}|${metric}|${hour}`;

/** Buckets keyed for comparison: 'segment|team|metric|hour' -> [n, sum, sumSquares]. */
function byCell(buckets: MetricBucket[]): Record<string, [number, number, number]> {
  return Object.fromEntries(
    buckets.map((b) => [cellKey(b.segment, b.team, b.metric, b.hour), [b.stats.n, b.stats.sum, b.stats.sumSquares]]),
  );
}

/** The buckets the samples should produce, summed from scratch. */
function expectedCells(samples: Iterable<MetricSample>): Record<string, [number, number, number]> {
  const cells: Record<string, [number, number, number]> = {};
  for (const s of samples) {
    for (const c of sampleCells(s)) {
      const cell = (cells[cellKey(c.segment, c.team, c.metric, c.hour)] ??= [0, 0, 0]);
      cell[0] += 1;
      cell[1] += c.value;
      cell[2] += c.value * c.value;
    }
  }
  return cells;
}

describe.each(STORE_BACKENDS)('$name', ({ name, open }) => {
  let store: Store;
  beforeEach(async () => {
    store = await open();
  });
  afterEach(async () => {
    await store.close();
  });

  describe('alert sample store: buckets', () => {
    it('adds a new sample to one bucket per segment and metric', async () => {
      expect(await store.alertSamples.record(sample())).toEqual({
        previous: null,
        revisions: [{ hour: h0, revision: 1 }],
      });
      expect(byCell(await store.alertSamples.listBuckets(0))).toEqual({
        [cellKey('all', 42, 'effort_index', h0)]: [1, 60, 3600],
        [cellKey('all', 42, 'reopen_rate', h0)]: [1, 1, 1],
        [cellKey('channel:email', 42, 'effort_index', h0)]: [1, 60, 3600],
        [cellKey('channel:email', 42, 'reopen_rate', h0)]: [1, 1, 1],
      });
      const [bucket] = await store.alertSamples.listBuckets(0);
      expect(bucket).toMatchObject({ team: 42, hour: h0, stats: { n: 1 } });
    });

    it('sums samples that share a cell', async () => {
      await store.alertSamples.record(sample());
      await store.alertSamples.record(
        sample({ key: 'answer:9', at: at(59), segments: ['all'], values: { effort_index: 20 } }),
      );
      expect(byCell(await store.alertSamples.listBuckets(0))[cellKey('all', 42, 'effort_index', h0)]).toEqual([
        2, 80, 4000,
      ]);
    });

    it('replaces a sample with the same key, moving its values and dropping emptied buckets', async () => {
      const first = sample();
      await store.alertSamples.record(first);
      await store.alertSamples.record(
        sample({ key: 'case:2', ticketId: 2, segments: ['all'], values: { effort_index: 10 } }),
      );
      const moved = sample({ at: at(75), team: 7, segments: ['all', 'channel:chat'], values: { effort_index: 90 } });
      const { previous } = await store.alertSamples.record(moved);
      expect(previous).toEqual(first);
      expect(byCell(await store.alertSamples.listBuckets(0))).toEqual({
        [cellKey('all', 42, 'effort_index', h0)]: [1, 10, 100],
        [cellKey('all', 7, 'effort_index', h0 + HOUR_MS)]: [1, 90, 8100],
        [cellKey('channel:chat', 7, 'effort_index', h0 + HOUR_MS)]: [1, 90, 8100],
      });
    });

    it('replaces a value in place when the sample stays in its cells', async () => {
      await store.alertSamples.record(sample({ values: { effort_index: 60 } }));
      await store.alertSamples.record(sample({ key: 'case:2', values: { effort_index: 40 } }));
      const { previous } = await store.alertSamples.record(sample({ at: at(40), values: { effort_index: 50 } }));
      expect(previous?.values).toEqual({ effort_index: 60 });
      expect(byCell(await store.alertSamples.listBuckets(0))[cellKey('all', 42, 'effort_index', h0)]).toEqual([
        2, 90, 4100,
      ]);
      // Recording the very same sample again changes nothing.
      await store.alertSamples.record(sample({ at: at(40), values: { effort_index: 50 } }));
      expect(byCell(await store.alertSamples.listBuckets(0))[cellKey('all', 42, 'effort_index', h0)]).toEqual([
        2, 90, 4100,
      ]);
    });

    it('keeps unassigned samples apart from every team', async () => {
      await store.alertSamples.record(
        sample({ key: 'case:1', team: null, segments: ['all'], values: { effort_index: 10 } }),
      );
      await store.alertSamples.record(
        sample({ key: 'case:2', team: null, segments: ['all'], values: { effort_index: 20 } }),
      );
      await store.alertSamples.record(
        sample({ key: 'case:3', team: 1, segments: ['all'], values: { effort_index: 40 } }),
      );
      const buckets = await store.alertSamples.listBuckets(0);
      expect(buckets.map((b) => b.team).sort()).toEqual([1, null]);
      expect(byCell(buckets)).toEqual({
        [cellKey('all', null, 'effort_index', h0)]: [2, 30, 500],
        [cellKey('all', 1, 'effort_index', h0)]: [1, 40, 1600],
      });
      // Moving an unassigned sample to a team takes it out of the unassigned bucket.
      await store.alertSamples.record(
        sample({ key: 'case:2', team: 1, segments: ['all'], values: { effort_index: 20 } }),
      );
      expect(byCell(await store.alertSamples.listBuckets(0))).toEqual({
        [cellKey('all', null, 'effort_index', h0)]: [1, 10, 100],
        [cellKey('all', 1, 'effort_index', h0)]: [2, 60, 2000],
      });
    });

    it('lists the buckets from an hour on', async () => {
      for (const [i, minutes] of [0, 61, 130, 185].entries()) {
        await store.alertSamples.record(
          sample({ key: `case:${i}`, at: at(minutes), segments: ['all'], values: { effort_index: i } }),
        );
      }
      const hours = async (since: number) =>
        (await store.alertSamples.listBuckets(since)).map((b) => (b.hour - h0) / HOUR_MS).sort();
      expect(await hours(0)).toEqual([0, 1, 2, 3]);
      expect(await hours(h0 + 2 * HOUR_MS)).toEqual([2, 3]);
      expect(await hours(h0 + 4 * HOUR_MS)).toEqual([]);
    });

    it('raises the revision of every hour whose buckets a write changes, and of no other', async () => {
      const h1 = h0 + HOUR_MS;
      await store.alertSamples.record(sample());
      await store.alertSamples.record(sample({ key: 'case:2', at: at(75) }));
      // Moving case:1 to the next hour changes both hours; the very same sample again changes none.
      const moved = sample({ at: at(90) });
      expect((await store.alertSamples.record(moved)).revisions).toEqual([
        { hour: h0, revision: 2 },
        { hour: h1, revision: 2 },
      ]);
      expect((await store.alertSamples.record(moved)).revisions).toEqual([]);
      expect(await store.alertSamples.listHourRevisions(0)).toEqual([
        { hour: h0, revision: 2 },
        { hour: h1, revision: 2 },
      ]);
      expect(await store.alertSamples.listHourRevisions(h1)).toEqual([{ hour: h1, revision: 2 }]);
      // The emptied hour keeps its revision and has no buckets left.
      expect(await store.alertSamples.readHours([h0])).toEqual({ revisions: [{ hour: h0, revision: 2 }], buckets: [] });
      const both = await store.alertSamples.readHours([h1, h0, h0 + 5 * HOUR_MS]);
      expect(both.revisions).toEqual(await store.alertSamples.listHourRevisions(0));
      expect(byCell(both.buckets)).toEqual(byCell(await store.alertSamples.listBuckets(0)));
      expect(Object.keys(byCell(both.buckets))).toHaveLength(4);
      expect(await store.alertSamples.readHours([])).toEqual({ revisions: [], buckets: [] });
    });

    it('refuses a value that is not finite and stores nothing of that sample', async () => {
      await expect(store.alertSamples.record(sample({ values: { effort_index: Number.NaN } }))).rejects.toThrow(
        /finite/,
      );
      expect(await store.alertSamples.listBuckets(0)).toEqual([]);
      expect(await store.alertSamples.listSamples({ segment: 'all', from: at(0), to: at(60), limit: 10 })).toEqual([]);
    });

    it('refuses a metric it has no place for (stored values hold the known ones), one at a time or in bulk', async () => {
      const unknown = sample({ values: { effort_index: 1, made_up: 2 } as MetricValues });
      await expect(store.alertSamples.record(unknown)).rejects.toThrow(/made_up is not an alert metric/);
      await expect(store.alertSamples.recordMany([sample({ key: 'case:2' }), unknown])).rejects.toThrow(
        /made_up is not an alert metric/,
      );
      expect(await store.alertSamples.listBuckets(0)).toEqual([]);
      expect(await store.alertSamples.listSamples({ segment: 'all', from: at(0), to: at(60), limit: 10 })).toEqual([]);
    });
  });

  describe('alert sample store: samples by segment', () => {
    const window = { from: at(0), to: at(120), limit: 100 };
    const keys = (samples: MetricSample[]) => samples.map((s) => s.key);

    beforeEach(async () => {
      await store.alertSamples.record(
        sample({ key: 'case:1', at: at(10), team: 1, segments: ['all', 'channel:email'] }),
      );
      await store.alertSamples.record(
        sample({ key: 'case:2', at: at(30), team: null, segments: ['all', 'channel:chat'] }),
      );
      await store.alertSamples.record(
        sample({ key: 'case:3', at: at(50), team: 2, segments: ['all', 'channel:email', 'tag:vip'] }),
      );
      await store.alertSamples.record(
        sample({
          key: 'answer:4',
          at: at(70),
          team: 1,
          segments: ['all', 'channel:email'],
          values: { ces_average: 2 },
        }),
      );
      await store.alertSamples.record(sample({ key: 'case:5', at: at(120), team: 1, segments: ['all'] }));
    });

    it('returns the samples of a segment in the window, newest first', async () => {
      const all = await store.alertSamples.listSamples({ segment: 'all', ...window });
      expect(keys(all)).toEqual(['answer:4', 'case:3', 'case:2', 'case:1']);
      expect(all[0]).toEqual(
        sample({
          key: 'answer:4',
          at: at(70),
          team: 1,
          segments: ['all', 'channel:email'],
          values: { ces_average: 2 },
        }),
      );
      expect(keys(await store.alertSamples.listSamples({ segment: 'channel:email', ...window }))).toEqual([
        'answer:4',
        'case:3',
        'case:1',
      ]);
      expect(keys(await store.alertSamples.listSamples({ segment: 'tag:vip', ...window }))).toEqual(['case:3']);
      expect(keys(await store.alertSamples.listSamples({ segment: 'form:9', ...window }))).toEqual([]);
    });

    it('includes the start of the window and excludes its end', async () => {
      expect(
        keys(await store.alertSamples.listSamples({ segment: 'all', from: at(30), to: at(70), limit: 10 })),
      ).toEqual(['case:3', 'case:2']);
      expect(
        keys(await store.alertSamples.listSamples({ segment: 'all', from: at(120), to: at(121), limit: 10 })),
      ).toEqual(['case:5']);
    });

    it('narrows to one team, or to the unassigned, when asked', async () => {
      expect(keys(await store.alertSamples.listSamples({ segment: 'all', team: 1, ...window }))).toEqual([
        'answer:4',
        'case:1',
      ]);
      expect(keys(await store.alertSamples.listSamples({ segment: 'all', team: null, ...window }))).toEqual(['case:2']);
      expect(keys(await store.alertSamples.listSamples({ segment: 'channel:email', team: 2, ...window }))).toEqual([
        'case:3',
      ]);
      expect(keys(await store.alertSamples.listSamples({ segment: 'channel:chat', team: 1, ...window }))).toEqual([]);
    });

    it('stops at the limit, keeping the newest', async () => {
      expect(keys(await store.alertSamples.listSamples({ segment: 'all', ...window, limit: 2 }))).toEqual([
        'answer:4',
        'case:3',
      ]);
    });

    it('finds a replaced sample only where it is now', async () => {
      await store.alertSamples.record(sample({ key: 'case:3', at: at(5), team: 1, segments: ['all', 'channel:chat'] }));
      expect(keys(await store.alertSamples.listSamples({ segment: 'all', ...window }))).toEqual([
        'answer:4',
        'case:2',
        'case:1',
        'case:3',
      ]);
      expect(keys(await store.alertSamples.listSamples({ segment: 'tag:vip', ...window }))).toEqual([]);
      expect(keys(await store.alertSamples.listSamples({ segment: 'channel:email', team: 2, ...window }))).toEqual([]);
      expect(keys(await store.alertSamples.listSamples({ segment: 'channel:chat', team: 1, ...window }))).toEqual([
        'case:3',
      ]);
    });
  });

  const value = fc.double({ min: 0, max: 100, noNaN: true });
  const values: fc.Arbitrary<MetricValues> = fc.record(
    {
      effort_index: value,
      channel_switches: fc.integer({ min: 0, max: 4 }),
      reopen_rate: fc.constantFrom(0, 1),
      ces_average: fc.integer({ min: 1, max: 7 }),
    },
    { requiredKeys: [] },
  );
  const arbSample: fc.Arbitrary<MetricSample> = fc
    .record({
      id: fc.integer({ min: 1, max: 6 }),
      offset: fc.integer({ min: 0, max: 3 * HOUR_MS - 1 }),
      team: fc.constantFrom<TeamId>(null, 1, 2),
      extra: fc.subarray(['channel:email', 'channel:chat', 'tag:vip']),
      values,
    })
    .map(({ id, offset, team, extra, values }) => ({
      key: `case:${id}`,
      ticketId: id,
      at: new Date(h0 + offset),
      team,
      segments: ['all', ...extra],
      values,
    }));

  describe('alert sample store: property', () => {
    it('keeps the buckets equal to those summed from the samples that remain', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(arbSample, { minLength: 1, maxLength: 40 }), async (samples) => {
          const s = await open();
          try {
            const kept = new Map<string, MetricSample>();
            for (const next of samples) {
              const { previous } = await s.alertSamples.record(next);
              expect(previous).toEqual(kept.get(next.key) ?? null);
              kept.set(next.key, next);
            }
            const actual = byCell(await s.alertSamples.listBuckets(0));
            const expected = expectedCells(kept.values());
            expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
            for (const [key, [n, sum, sumSquares]] of Object.entries(expected)) {
              const [an, asum, asq] = actual[key] ?? [0, 0, 0];
              expect(an).toBe(n);
              expect(Math.abs(asum - sum)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(sum)));
              expect(Math.abs(asq - sumSquares)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(sumSquares)));
            }
            // The segment index follows the replacements too.
            for (const segment of ['all', 'channel:email', 'channel:chat', 'tag:vip']) {
              const listed = await s.alertSamples.listSamples({
                segment,
                from: new Date(h0),
                to: new Date(h0 + 3 * HOUR_MS),
                limit: 100,
              });
              const wanted = [...kept.values()].filter((k) => k.segments.includes(segment));
              expect(listed.map((l) => l.key).sort()).toEqual(wanted.map((w) => w.key).sort());
              expect(listed.map((l) => l.at.getTime())).toEqual(
                listed.map((l) => l.at.getTime()).sort((a, b) => b - a),
              );
            }
          } finally {
            await s.close();
          }
        }),
        { numRuns: name === 'SQLite' ? 150 : 10 },
      );
    });
  });

  describe('alert sample store: the bulk path', () => {
    it('recordMany ends with the same samples and buckets as record, one at a time, and reports what each replaced', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(arbSample, { minLength: 1, maxLength: 40 }),
          fc.integer({ min: 1, max: 15 }),
          async (samples, batchSize) => {
            const [one, bulk] = [await open(), await open()];
            try {
              const replaced: Array<MetricSample | null> = [];
              for (const next of samples) replaced.push((await one.alertSamples.record(next)).previous);
              const bulkReplaced: Array<MetricSample | null> = [];
              for (let i = 0; i < samples.length; i += batchSize)
                bulkReplaced.push(...(await bulk.alertSamples.recordMany(samples.slice(i, i + batchSize))).previous);
              expect(bulkReplaced).toEqual(replaced);
              const [expected, actual] = [
                byCell(await one.alertSamples.listBuckets(0)),
                byCell(await bulk.alertSamples.listBuckets(0)),
              ];
              expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
              for (const [key, [n, sum, sumSquares]] of Object.entries(expected)) {
                const [an, asum, asq] = actual[key] ?? [0, 0, 0];
                expect(an).toBe(n);
                expect(Math.abs(asum - sum)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(sum)));
                expect(Math.abs(asq - sumSquares)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(sumSquares)));
              }
              const span = { from: new Date(h0), to: new Date(h0 + 3 * HOUR_MS), limit: 100 };
              for (const query of [
                { segment: 'all' },
                { segment: 'all', team: null },
                { segment: 'channel:email', team: 1 },
                { segment: 'tag:vip' },
              ]) {
                const window = { ...query, ...span };
                expect(await bulk.alertSamples.listSamples(window)).toEqual(await one.alertSamples.listSamples(window));
              }
            } finally {
              await one.close();
              await bulk.close();
            }
          },
        ),
        { numRuns: name === 'SQLite' ? 60 : 5 },
      );
    });

    it('stores nothing of a batch with a sample that is not finite', async () => {
      const bad = sample({ key: 'case:2', values: { effort_index: Number.NaN } });
      await expect(store.alertSamples.recordMany([sample(), bad])).rejects.toThrow(/finite/);
      expect(await store.alertSamples.listBuckets(0)).toEqual([]);
    });
  });
});
