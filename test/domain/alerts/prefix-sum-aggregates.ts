import {
  MetricAggregates,
  windowBounds,
  type AlertWindow,
  type WindowedSeries,
} from '../../../src/domain/alerts/aggregates.js';
import {
  caseMetricValues,
  cesMetricValues,
  type AlertMetric,
  type MetricValues,
} from '../../../src/domain/alerts/alert-metrics.js';
import { emptyStats, type RunningStats } from '../../../src/domain/alerts/running-stats.js';
import { HOUR_MS, hourStart } from '../../../src/domain/alerts/sample.js';
import { segmentsOf, type TeamId } from '../../../src/domain/alerts/segments.js';
import { answerSampleKey, caseSampleKey, drawnCases, type EffortStreamOptions } from '../../support/effort-stream.js';

interface PrefixSeries {
  segment: string;
  team: TeamId;
  metric: AlertMetric;
  /** [n, sum, sumSquares] of hours 0 .. i-1 at 3i .. 3i+2 (hour 0 = the stream's start). */
  totals: Float64Array;
  /** Where MetricAggregates would create the series: its first sample's time and key, the cell's place in it. */
  first: { at: number; key: string; cell: number };
}

/**
 * MetricAggregates as the service holds them at the end of any hour of a seeded stream:
 * every sample up to that hour applied, and the hours before the window's baseline pruned
 * (what the simulations do before each evaluation). Only `windowed` is implemented: it is
 * all evaluateSegments reads.
 *
 * Why: fed sample by sample, about two thirds of a simulation's time went into adding cells
 * one by one, pruning, and re-summing ~700 hourly cells per series at every evaluation. Here
 * each series' hours are summed once into running totals, so any window is two subtractions.
 *
 * Same result as MetricAggregates (prefix-sum-aggregates.test.ts compares both, hour by
 * hour, and the alerts of whole simulations):
 * - same sums: every metric value is an integer (checked), so float sums are exact in any
 *   order;
 * - same series, in the same order: a series exists while it has a sample in the window
 *   and is listed where its first sample (by time, then key, as a sorted stream arrives)
 *   would have created it.
 */
export class PrefixSumAggregates extends MetricAggregates {
  private constructor(
    private readonly startMs: number,
    private readonly hours: number,
    private readonly ordered: readonly PrefixSeries[],
  ) {
    super();
  }

  /**
   * Sums the whole stream of `options` straight from its draws (drawnCases): the cells of the
   * samples effortCases makes of them (same segments, same values), without making the
   * samples: no sorting, no Date or key per sample, one segment list per channel.
   */
  static ofStream(options: EffortStreamOptions): PrefixSumAggregates {
    const startMs = hourStart(options.startMs);
    const totals = new StreamTotals(startMs, options.hours);
    const watch = options.watch ?? { tags: [], formIds: [] };
    const segmentsByChannel = new Map<string, string[]>();
    for (const c of drawnCases(options)) {
      let segments = segmentsByChannel.get(c.channel);
      if (!segments)
        segmentsByChannel.set(
          c.channel,
          (segments = segmentsOf({ channel: c.channel, tags: [], formId: null }, watch)),
        );
      totals.add(c.team, segments, c.solvedAt, () => caseSampleKey(c.ticketId), caseMetricValues(c.drivers, c.score));
      const { answer } = c;
      if (answer)
        totals.add(c.team, segments, answer.at, () => answerSampleKey(answer.surveyId), cesMetricValues(answer.ces));
    }
    const ordered = totals.series.sort((a, b) => (before(a.first, b.first) ? -1 : 1));
    for (const { totals } of ordered) for (let i = 3; i < totals.length; i++) totals[i] = totals[i]! + totals[i - 3]!;
    return new PrefixSumAggregates(startMs, options.hours, ordered);
  }

  override windowed(
    now: Date,
    window: AlertWindow,
    filter?: (segment: string, team: TeamId) => boolean,
  ): WindowedSeries[] {
    // Hours are summed whole: a mid-hour `now` would need the samples up to the minute.
    if (now.getTime() !== hourStart(now) + HOUR_MS - 1)
      throw new Error(`${now.toISOString()} is not the last millisecond of an hour`);
    const { recentFrom, baselineFrom } = windowBounds(now, window);
    const index = (ms: number) => Math.min(this.hours, Math.max(0, Math.ceil((ms - this.startMs) / HOUR_MS)));
    const end = index(hourStart(now) + HOUR_MS); // the current hour included
    const recent = index(recentFrom);
    const baseline = index(baselineFrom);
    const result: WindowedSeries[] = [];
    for (const series of this.ordered) {
      if (series.first.at >= this.startMs + end * HOUR_MS) continue; // not arrived yet
      const inWindow = series.totals[3 * end]! - series.totals[3 * baseline]!;
      if (inWindow === 0) {
        // MetricAggregates would prune it, and re-create it at the end of its order if it came
        // back: not modelled (these streams have samples for every series every day).
        throw new Error(
          `${series.segment}/${series.team}/${series.metric} has no sample in the window at ${now.toISOString()}`,
        );
      }
      if (filter && !filter(series.segment, series.team)) continue;
      const { segment, team, metric } = series;
      result.push({
        segment,
        team,
        metric,
        recent: this.sum(series, recent, end),
        baseline: this.sum(series, baseline, recent),
      });
    }
    return result;
  }

  override applySample(): never {
    throw new Error('PrefixSumAggregates holds a whole stream: build another with ofStream');
  }

  override addBucket(): never {
    throw new Error('PrefixSumAggregates holds a whole stream: build another with ofStream');
  }

  private sum({ totals }: PrefixSeries, from: number, to: number): RunningStats {
    const n = totals[3 * to]! - totals[3 * from]!;
    return n > 0
      ? { n, sum: totals[3 * to + 1]! - totals[3 * from + 1]!, sumSquares: totals[3 * to + 2]! - totals[3 * from + 2]! }
      : emptyStats();
  }
}

/**
 * Hourly totals of a stream's cells: those sampleCells gives (segments x metrics, at the
 * sample's hour), added without an object per cell (this runs ~160k times a seed).
 */
class StreamTotals {
  readonly series: PrefixSeries[] = [];
  /** segment -> team -> metric: no key string built per cell. */
  private readonly bySegment = new Map<string, Map<TeamId, Map<AlertMetric, PrefixSeries>>>();

  constructor(
    private readonly startMs: number,
    private readonly hours: number,
  ) {}

  /** One sample's cells; `key` (the sample's key) is only needed to order series by their first sample. */
  add(team: TeamId, segments: readonly string[], at: number, key: () => string, values: MetricValues): void {
    const slot = 3 * (Math.floor((at - this.startMs) / HOUR_MS) + 1); // hour h: totals[h + 1] until the running sum
    let cell = 0;
    for (const segment of segments) {
      let byTeam = this.bySegment.get(segment);
      if (!byTeam) this.bySegment.set(segment, (byTeam = new Map()));
      let byMetric = byTeam.get(team);
      if (!byMetric) byTeam.set(team, (byMetric = new Map()));
      // for-in, not Object.entries: the same keys in the same order, without an array per key.
      for (const name in values) {
        const metric = name as AlertMetric;
        const value = values[metric];
        if (value === undefined) continue;
        if (!Number.isInteger(value))
          throw new Error(`${metric} = ${value}: sums of non-integers depend on their order`);
        let series = byMetric.get(metric);
        if (!series) {
          series = {
            segment,
            team,
            metric,
            totals: new Float64Array(3 * (this.hours + 1)),
            first: { at, key: key(), cell },
          };
          byMetric.set(metric, series);
          this.series.push(series);
        } else if (at <= series.first.at && before({ at, key: key(), cell }, series.first)) {
          series.first = { at, key: key(), cell };
        }
        cell++;
        const { totals } = series;
        totals[slot] = totals[slot]! + 1;
        totals[slot + 1] = totals[slot + 1]! + value;
        totals[slot + 2] = totals[slot + 2]! + value * value;
      }
    }
  }
}

/** The order a time-sorted stream (generateEffortStream: by time, then key) applies cells in. */
function before(a: PrefixSeries['first'], b: PrefixSeries['first']): boolean {
  if (a.at !== b.at) return a.at < b.at;
  if (a.key !== b.key) return a.key < b.key;
  return a.cell < b.cell;
}
