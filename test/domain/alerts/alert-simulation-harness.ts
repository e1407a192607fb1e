import type { AlertRecord } from '../../../src/domain/alerts/alert.js';
import { MetricAggregates, windowBounds } from '../../../src/domain/alerts/aggregates.js';
import { decideSegmentAlert, DEFAULT_ALERT_TIMING, explainedBy } from '../../../src/domain/alerts/alert-state.js';
import { evaluateSegments, type SegmentFinding } from '../../../src/domain/alerts/evaluate.js';
import type { AlertMetric } from '../../../src/domain/alerts/alert-metrics.js';
import { DEFAULT_SEGMENT_RULES, type AlertRules } from '../../../src/domain/alerts/rules.js';
import { HOUR_MS } from '../../../src/domain/alerts/sample.js';
import { teamSegment, type TeamId } from '../../../src/domain/alerts/segments.js';
import { generateEffortStream, type EffortRise, type EffortStreamOptions } from '../../support/effort-stream.js';
import { PrefixSumAggregates } from './prefix-sum-aggregates.js';

/**
 * The alert logic of src/app/alerts/evaluate-alerts.ts, in memory: a seeded contact center
 * (test/support/effort-stream.ts) feeds the aggregates, evaluateSegments judges every
 * segment, and decideSegmentAlert moves one alert per segment through open -> update ->
 * resolve, as the service does with the store.
 *
 * Setup: 4 teams x 3 channels, 4 cases per team and hour (~96 a day), 40 % answer the CES
 * survey (~38 answers per team and day, above minRecent = 30), 28 days of baseline, then
 * 3 watched days evaluated at the end of every hour (72 evaluations). 8 segments (4 teams,
 * 'all', 3 channels) x 8 metrics = 64 tests per evaluation.
 */
export const TEAMS = [11, 12, 13, 14];
export const CHANNELS = ['email', 'web', 'chat'];
export const BASELINE_DAYS = 28;
export const WATCHED_HOURS = 3 * 24;
export const WATCH_FROM = BASELINE_DAYS * 24;
export const START_MS = Date.UTC(2026, 9, 1);
export const VOLUME = { teams: TEAMS, channels: CHANNELS, casesPerHourPerTeam: 4, answerRate: 0.4 };
export const DEFAULT_RULES: AlertRules = { defaults: DEFAULT_SEGMENT_RULES, overrides: {} };

export interface AlertEvent {
  /** Watched hour (0 = first hour after the baseline) of the evaluation. */
  hour: number;
  segment: string;
  action: 'open' | 'update' | 'resolve';
  metrics: AlertMetric[];
  /** On open: the teams left out of the segment for each metric that opened it. */
  excluded: Partial<Record<AlertMetric, TeamId[]>>;
}

/** The alert rows of evaluate-alerts.ts, in memory: one active alert per segment, and its last resolve. */
class AlertBook {
  readonly events: AlertEvent[] = [];
  private readonly active = new Map<string, AlertRecord>();
  private readonly lastResolvedAt = new Map<string, Date>();
  private nextId = 1;

  constructor(private readonly rules: AlertRules) {}

  /** As in evaluate-alerts.ts: a team's active alert explains the metrics it holds, and its CES answers. */
  private readonly explained = (team: TeamId, metric: AlertMetric): boolean =>
    explainedBy(this.active.get(teamSegment(team)), metric);

  evaluate(aggregates: MetricAggregates, now: Date, hour: number): void {
    this.apply(evaluateSegments(aggregates, now, this.rules, this.explained), now, hour);
  }

  private apply(segments: readonly SegmentFinding[], now: Date, hour: number): void {
    for (const segment of segments) {
      const current = this.active.get(segment.segment) ?? null;
      if (!current && !segment.findings.some((f) => f.state === 'worse')) continue;
      const lastResolvedAt = current ? null : (this.lastResolvedAt.get(segment.segment) ?? null);
      const decision = decideSegmentAlert({
        active: current,
        lastResolvedAt,
        findings: segment.findings,
        now,
        timing: DEFAULT_ALERT_TIMING,
      });
      if (decision.action === 'open') {
        this.active.set(segment.segment, newAlert(this.nextId++, segment.segment, decision.metrics, now));
        const excluded = Object.fromEntries(
          segment.findings.filter((f) => decision.metrics.includes(f.metric)).map((f) => [f.metric, f.excludedTeams]),
        );
        this.events.push({ hour, segment: segment.segment, action: 'open', metrics: decision.metrics, excluded });
      } else if (decision.action === 'update' && current) {
        this.active.set(segment.segment, {
          ...current,
          metrics: decision.metrics,
          lastNotifiedAt: now,
          updatedAt: now,
        });
        this.events.push({
          hour,
          segment: segment.segment,
          action: 'update',
          metrics: decision.newMetrics,
          excluded: {},
        });
      } else if (decision.action === 'resolve' && current) {
        this.active.delete(segment.segment);
        this.lastResolvedAt.set(segment.segment, now);
        this.events.push({ hour, segment: segment.segment, action: 'resolve', metrics: current.metrics, excluded: {} });
      }
    }
  }
}

export function newAlert(id: number, subject: string, metrics: AlertMetric[], now: Date): AlertRecord {
  return {
    id,
    kind: 'metric',
    subject,
    ticketId: null,
    status: 'open',
    metrics,
    openedAt: now,
    acknowledgedBy: null,
    acknowledgedAt: null,
    resolvedAt: null,
    lastNotifiedAt: now,
    slackChannel: null,
    slackTs: null,
    view: null,
    createdAt: now,
    updatedAt: now,
  };
}

export function streamOptions(seed: number, rise?: EffortRise): EffortStreamOptions {
  return { ...VOLUME, seed, startMs: START_MS, hours: WATCH_FROM + WATCHED_HOURS, ...(rise ? { rise } : {}) };
}

/** Evaluation time of watched hour h: its last millisecond, so the hour's samples are in. */
export const evaluationTime = (hour: number) => new Date(START_MS + (WATCH_FROM + hour + 1) * HOUR_MS - 1);

/**
 * The aggregates at the end of each watched hour, called with increasing hours.
 * 'prefix-sums': the whole stream summed once (PrefixSumAggregates, fast);
 * 'sample-by-sample': the time-sorted stream fed into MetricAggregates and pruned before
 * each evaluation, as the service does (slow; the reference the fast one is checked against).
 */
export type AggregatesFeed = 'prefix-sums' | 'sample-by-sample';

export function aggregatesByHour(options: EffortStreamOptions, feed: AggregatesFeed): (now: Date) => MetricAggregates {
  if (feed === 'prefix-sums') {
    const sums = PrefixSumAggregates.ofStream(options);
    return () => sums;
  }
  const samples = generateEffortStream(options);
  const aggregates = new MetricAggregates();
  let next = 0;
  return (now) => {
    while (next < samples.length && samples[next]!.at.getTime() <= now.getTime())
      aggregates.applySample(samples[next++]!, 1);
    aggregates.prune(windowBounds(now, DEFAULT_SEGMENT_RULES).baselineFrom);
    return aggregates;
  };
}

export interface SimulationOptions {
  rules?: AlertRules;
  /** 'first-alert': stop at the first alert (enough to count quiet seeds, and cheaper). */
  until?: 'end' | 'first-alert';
  feed?: AggregatesFeed;
}

/** Streams one seed and evaluates every watched hour; returns the alert events. */
export function simulate(seed: number, rise: EffortRise | undefined, options: SimulationOptions = {}): AlertEvent[] {
  const { rules = DEFAULT_RULES, until = 'end', feed = 'prefix-sums' } = options;
  const aggregatesAt = aggregatesByHour(streamOptions(seed, rise), feed);
  const book = new AlertBook(rules);
  for (let hour = 0; hour < WATCHED_HOURS && !(until === 'first-alert' && book.events.length > 0); hour++) {
    const now = evaluationTime(hour);
    book.evaluate(aggregatesAt(now), now, hour);
  }
  return book.events;
}

export const describeEvents = (events: readonly AlertEvent[]) =>
  events.map((e) => `h${e.hour} ${e.action} ${e.segment} [${e.metrics.join(', ')}]`).join('; ');
export const opens = (events: readonly AlertEvent[], segment?: string) =>
  events.filter((e) => e.action === 'open' && (segment === undefined || e.segment === segment));
