import type { MetricAggregates, WindowedSeries } from './aggregates.js';
import { compareWindows, type Comparison, type CompareOptions } from './compare-windows.js';
import { METRIC_DEFINITIONS, type AlertMetric } from './alert-metrics.js';
import { rulesFor, type AlertRules, type SegmentRules } from './rules.js';
import { emptyStats, mergeStats, type RunningStats } from './running-stats.js';
import { ALL_SEGMENT, teamSegment, type TeamId } from './segments.js';

/**
 * worse: significant at `alpha` and at least minEffect: opens an alert.
 * elevated: significant at the looser `resolveAlpha` and half of minEffect: keeps one open.
 * normal: neither. insufficient_data: too few samples to say (an open alert stays open).
 */
export type MetricState = 'worse' | 'elevated' | 'normal' | 'insufficient_data';

export interface MetricFinding {
  metric: AlertMetric;
  state: MetricState;
  comparison: Comparison;
  recent: RunningStats;
  baseline: RunningStats;
  /** Teams left out because their own alert explains their share (non-team segments). */
  excludedTeams: TeamId[];
}

export interface SegmentFinding {
  /** 'group:42' for a team, else 'all', 'channel:email', 'tag:vip', ... */
  segment: string;
  rules: SegmentRules;
  findings: MetricFinding[];
}

export function judge(
  metric: AlertMetric,
  recent: RunningStats,
  baseline: RunningStats,
  rules: SegmentRules,
): { state: MetricState; comparison: Comparison } {
  const comparison = compareWindows(
    recent,
    baseline,
    compareOptions(metric, rules, rules.alpha, rules.minEffect[metric]),
  );
  if (comparison.verdict === 'insufficient_data') return { state: 'insufficient_data', comparison };
  if (comparison.verdict === 'worse') return { state: 'worse', comparison };
  const loose = compareWindows(
    recent,
    baseline,
    compareOptions(metric, rules, rules.resolveAlpha, rules.minEffect[metric] / 2),
  );
  return { state: loose.verdict === 'worse' ? 'elevated' : 'normal', comparison };
}

/**
 * Written out in full: on Node 20 `{ ...common, alpha }` takes about 1 µs (V8's slow path
 * for a spread followed by more properties), which was most of the time judging took.
 */
function compareOptions(metric: AlertMetric, rules: SegmentRules, alpha: number, minEffect: number): CompareOptions {
  const { direction, unit } = METRIC_DEFINITIONS[metric];
  return {
    direction,
    minRecent: rules.minRecent,
    minBaseline: rules.minBaseline,
    pooled: unit === 'share',
    alpha,
    minEffect,
  };
}

function finding(
  metric: AlertMetric,
  recent: RunningStats,
  baseline: RunningStats,
  rules: SegmentRules,
  excludedTeams: TeamId[] = [],
): MetricFinding {
  const { state, comparison } = judge(metric, recent, baseline, rules);
  return { metric, state, comparison, recent, baseline, excludedTeams };
}

/** Sums series over one window, memoised per window shape (most setups have just one). */
function windowCache(aggregates: MetricAggregates, now: Date) {
  const cache = new Map<string, WindowedSeries[]>();
  return (rules: SegmentRules): WindowedSeries[] => {
    const key = `${rules.recentHours}/${rules.baselineDays}`;
    let series = cache.get(key);
    if (!series) {
      series = aggregates.windowed(now, rules);
      cache.set(key, series);
    }
    return series;
  };
}

/**
 * Judges every team first (series of segment 'all' per team), then every other segment
 * with the teams left out whose own metric is worse, or whose open alert already covers
 * it (`explained`, so a recovering team does not make 'all' fire). A rise that one team
 * explains is then alerted once, for that team; 'all' or a channel alerts only when the
 * rest of it rises too.
 */
export function evaluateSegments(
  aggregates: MetricAggregates,
  now: Date,
  rules: AlertRules,
  explained: (team: TeamId, metric: AlertMetric) => boolean = () => false,
): SegmentFinding[] {
  const seriesFor = windowCache(aggregates, now);
  const results: SegmentFinding[] = [];
  const flaggedTeams = new Map<AlertMetric, Set<TeamId>>();
  const teamStates = new Map<AlertMetric, Map<TeamId, MetricState>>();

  const teams = new Set(
    seriesFor(rules.defaults)
      .filter((s) => s.segment === ALL_SEGMENT)
      .map((s) => s.team),
  );
  for (const team of teams) {
    const segment = teamSegment(team);
    const segmentRules = rulesFor(rules, segment);
    const own = seriesFor(segmentRules).filter((s) => s.segment === ALL_SEGMENT && s.team === team);
    const findings = own.map((s) => finding(s.metric, s.recent, s.baseline, segmentRules));
    for (const f of findings) {
      if (!teamStates.has(f.metric)) teamStates.set(f.metric, new Map());
      teamStates.get(f.metric)!.set(team, f.state);
      if (f.state !== 'worse' && !explained(team, f.metric)) continue;
      if (!flaggedTeams.has(f.metric)) flaggedTeams.set(f.metric, new Set());
      flaggedTeams.get(f.metric)!.add(team);
    }
    results.push({ segment, rules: segmentRules, findings });
  }

  const otherSegments = new Set(seriesFor(rules.defaults).map((s) => s.segment));
  for (const segment of otherSegments) {
    const segmentRules = rulesFor(rules, segment);
    const parts = byMetric(seriesFor(segmentRules).filter((s) => s.segment === segment));
    const findings = [...parts].map(([metric, series]) =>
      judgeWithoutTeams(metric, series, segmentRules, flaggedTeams.get(metric) ?? new Set(), teamStates.get(metric)),
    );
    results.push({ segment, rules: segmentRules, findings });
  }
  return results;
}

function byMetric(series: readonly WindowedSeries[]): Map<AlertMetric, WindowedSeries[]> {
  const parts = new Map<AlertMetric, WindowedSeries[]>();
  for (const s of series) parts.set(s.metric, [...(parts.get(s.metric) ?? []), s]);
  return parts;
}

function sumWithout(
  series: readonly WindowedSeries[],
  leaveOut: ReadonlySet<TeamId>,
): { recent: RunningStats; baseline: RunningStats } {
  let recent = emptyStats();
  let baseline = emptyStats();
  for (const s of series) {
    if (leaveOut.has(s.team)) continue;
    recent = mergeStats(recent, s.recent);
    baseline = mergeStats(baseline, s.baseline);
  }
  return { recent, baseline };
}

/**
 * A non-team segment's metric without the flagged teams. When that is still worse but only
 * because of teams that are already elevated on their own (and they are a minority of the
 * segment), it is held at 'elevated': the rise belongs to those teams, whose own alert is
 * a matter of a few more cases. A rise spread over most teams still alerts the segment.
 */
function judgeWithoutTeams(
  metric: AlertMetric,
  series: readonly WindowedSeries[],
  rules: SegmentRules,
  flagged: ReadonlySet<TeamId>,
  teamStates: ReadonlyMap<TeamId, MetricState> | undefined,
): MetricFinding {
  const excluded = series.filter((s) => flagged.has(s.team)).map((s) => s.team);
  const rest = sumWithout(series, flagged);
  const result = finding(metric, rest.recent, rest.baseline, rules, excluded);
  if (result.state !== 'worse' || !teamStates) return result;
  const elevated = series.filter((s) => !flagged.has(s.team) && teamStates.get(s.team) === 'elevated');
  const elevatedRecent = elevated.reduce((n, s) => n + s.recent.n, 0);
  if (elevated.length === 0 || elevatedRecent * 2 >= rest.recent.n) return result;
  const narrower = sumWithout(series, new Set([...flagged, ...elevated.map((s) => s.team)]));
  return judge(metric, narrower.recent, narrower.baseline, rules).state === 'worse'
    ? result
    : { ...result, state: 'elevated' };
}

/** The figures of one segment with every team in, for `/effort` and the dashboard. */
export function segmentFigures(
  aggregates: MetricAggregates,
  now: Date,
  rules: AlertRules,
  segment: string,
  team?: TeamId,
): MetricFinding[] {
  const segmentRules = rulesFor(rules, team === undefined ? segment : teamSegment(team));
  const parts = byMetric(
    aggregates.windowed(now, segmentRules, (seg, t) => seg === segment && (team === undefined || t === team)),
  );
  return [...parts].map(([metric, series]) => {
    const { recent, baseline } = sumWithout(series, new Set());
    return finding(metric, recent, baseline, segmentRules);
  });
}
