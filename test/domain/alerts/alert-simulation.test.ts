import { beforeAll, describe, expect, it } from 'vitest';
import { MetricAggregates } from '../../../src/domain/alerts/aggregates.js';
import { explainedBy } from '../../../src/domain/alerts/alert-state.js';
import { evaluateSegments, judge } from '../../../src/domain/alerts/evaluate.js';
import type { AlertMetric } from '../../../src/domain/alerts/alert-metrics.js';
import { DEFAULT_SEGMENT_RULES } from '../../../src/domain/alerts/rules.js';
import { emptyStats, mergeStats } from '../../../src/domain/alerts/running-stats.js';
import { teamOfSegment } from '../../../src/domain/alerts/segments.js';
import { generateEffortStream, type EffortRise } from '../../support/effort-stream.js';
import {
  DEFAULT_RULES,
  describeEvents,
  evaluationTime,
  newAlert,
  opens,
  simulate,
  streamOptions,
  WATCH_FROM,
  WATCHED_HOURS,
  type AlertEvent,
} from './alert-simulation-harness.js';
import { countQuietSeeds, describeCount, seedRange } from './false-alarm-rate.js';

/**
 * End-to-end simulations of the alert logic in memory (alert-simulation-harness.ts): a seeded
 * contact center of 4 teams x 3 channels, 28 days of baseline, then 72 hourly evaluations of
 * 64 tests each, with one alert per segment moved through open -> update -> resolve.
 * The aggregates are PrefixSumAggregates (the same sums as MetricAggregates, checked in
 * prefix-sum-aggregates.test.ts); evaluateSegments and decideSegmentAlert are the real ones.
 */
const RISING_TEAM = 12;
const RISING_SEGMENT = `group:${RISING_TEAM}`;

const RISE: EffortRise = { team: RISING_TEAM, fromHour: WATCH_FROM, teamHandoffsMean: 1.0 };
const RISE_SEEDS = Array.from({ length: 10 }, (_, i) => 101 + i);
const RECOVERY_SEEDS = Array.from({ length: 10 }, (_, i) => 1101 + i);
/** What the handoff rise drives for the team: an alert may open on any of them first. */
const RISE_DRIVEN: AlertMetric[] = [
  'team_handoffs',
  'effort_index',
  'first_contact_resolution_rate',
  'ces_average',
  'ces_easy_share',
];
/** What the team's alert always holds within the first day. */
const ALERTED_RISE_METRICS: AlertMetric[] = ['team_handoffs', 'effort_index'];

describe(`step rise in team handoffs 0.2 -> 1.0 per case for ${RISING_SEGMENT} from the first watched hour (${RISE_SEEDS.length} seeds)`, () => {
  let runs: Array<{ seed: number; events: AlertEvent[] }> = [];
  beforeAll(() => {
    runs = RISE_SEEDS.map((seed) => ({ seed, events: simulate(seed, RISE) }));
  }, 60_000);

  it('the team alert opens once in every seed within 24 h, stays open, and holds team handoffs and the effort index', () => {
    const firstOpen: string[] = [];
    for (const { seed, events } of runs) {
      const team = events.filter((e) => e.segment === RISING_SEGMENT);
      expect(
        team.filter((e) => e.action !== 'update').map((e) => e.action),
        `seed ${seed}: ${describeEvents(team)}`,
      ).toEqual(['open']);
      const open = team[0]!;
      expect(RISE_DRIVEN, `seed ${seed}`).toEqual(expect.arrayContaining(open.metrics));
      expect(open.hour).toBeLessThan(24);
      // What did not open the alert follows as thread updates (paced one per hour).
      expect(
        team.flatMap((e) => e.metrics),
        `seed ${seed}`,
      ).toEqual(expect.arrayContaining(ALERTED_RISE_METRICS));
      firstOpen.push(`h${open.hour} [${open.metrics.join(', ')}]`);
    }
    console.log(`[rise] ${RISING_SEGMENT} opened at ${firstOpen.join(', ')}`);
  });

  it("the rise is not alerted again for 'all' or a channel: the team is left out of them", () => {
    for (const { seed, events } of runs) {
      for (const e of opens(events).filter((o) => teamOfSegment(o.segment) === undefined)) {
        for (const metric of e.metrics.filter((m) => RISE_DRIVEN.includes(m))) {
          expect(e.excluded[metric], `seed ${seed}: ${describeEvents([e])}`).toContain(RISING_TEAM);
        }
      }
    }
  });

  it(`"no alert for the other teams, 'all' or channels": unrelated false alarms measured, at most 2 of ${RISE_SEEDS.length} seeds`, () => {
    const noisy = runs.filter((r) => opens(r.events).some((e) => e.segment !== RISING_SEGMENT));
    const detail = noisy.map(
      (r) => `${r.seed}: ${describeEvents(opens(r.events).filter((e) => e.segment !== RISING_SEGMENT))}`,
    );
    console.log(
      `[rise] seeds with another alert: ${noisy.length}/${runs.length}${detail.length ? `: ${detail.join(' | ')}` : ''}`,
    );
    // Not "none" (the brief's requirement): each 3-day run carries the false-alarm rate of the
    // stable streams below. At most 2 of 10 so that a rise leaking into other segments shows.
    expect(noisy.length).toBeLessThanOrEqual(2);
  });
});

/** Seeds 1001-1200 here, 1201-1400 in alert-false-alarms.test.ts (vitest runs the two files in parallel). */
const STABLE_SEEDS = seedRange(1001, 200);

describe(`long stable streams (${STABLE_SEEDS.length} seeds x ${WATCHED_HOURS} hourly evaluations x 64 tests)`, () => {
  it(`DEFAULT rules (alpha ${DEFAULT_SEGMENT_RULES.alpha}): at least 99 % of seeds without an alert`, () => {
    const count = countQuietSeeds(STABLE_SEEDS);
    console.log(`[stable ${STABLE_SEEDS[0]}-${STABLE_SEEDS.at(-1)}] ${describeCount(count)}`);
    // 64 tests x 72 overlapping 24 h windows give each test many looks at partly new data: a
    // single evaluation at the end is quiet in ~99 of 100 seeds, 72 hourly ones are not.
    // Measured on seeds 5001-5300: alpha 0.001 -> 208/300 quiet, 0.0001 -> 293/300, 2e-5 ->
    // 297/300, 1e-5 -> 299/300: hence DEFAULT_ALPHA = 1e-5. At 1e-5 on seeds 1001-3000:
    // 1993/2000 (README, Alerts), so a 200-seed block expects under one noisy seed, and 99 %
    // allows two.
    expect(count.quiet).toBeGreaterThanOrEqual(Math.ceil(0.99 * count.seeds));
  }, 60_000);
});

describe(`recovery: the rise lasts 24 h, then handoffs are back to normal (${RECOVERY_SEEDS.length} seeds)`, () => {
  it('the team alert opens once, resolves once after the rise left the 24 h window, and does not open again (cooldown or after)', () => {
    const resolvedAt: number[] = [];
    for (const seed of RECOVERY_SEEDS) {
      const events = simulate(seed, { ...RISE, toHour: WATCH_FROM + 24 });
      const team = events.filter((e) => e.segment === RISING_SEGMENT && e.action !== 'update');
      expect(
        team.map((e) => e.action),
        `seed ${seed}: ${describeEvents(events)}`,
      ).toEqual(['open', 'resolve']);
      const [open, resolve] = team;
      expect(resolve!.hour).toBeGreaterThan(open!.hour);
      // The 24 h recent window still holds rise hours for up to a day after the rise ends.
      expect(resolve!.hour).toBeGreaterThanOrEqual(24);
      resolvedAt.push(resolve!.hour);
    }
    console.log(
      `[recovery] rise ended at watched hour 24; ${RISING_SEGMENT} resolved at hour ${resolvedAt.join(', ')}`,
    );
  }, 60_000);
});

describe("a team rise that is only 'elevated' on a metric stays out of its channel", () => {
  it("Billing's CES drop does not make channel:chat alert (seed 401, 24 h rise, hour 15); with Billing counted in, it would", () => {
    // Same stream as test/app/alerts/alert-stream.test.ts seed 401.
    const samples = generateEffortStream(streamOptions(401, { ...RISE, toHour: WATCH_FROM + 24 }));
    const aggregates = new MetricAggregates();
    const now = evaluationTime(15);
    for (const sample of samples) if (sample.at.getTime() <= now.getTime()) aggregates.applySample(sample, 1);
    // Billing's alert by then holds team handoffs, effort index and first-contact resolution.
    const billing = newAlert(
      1,
      RISING_SEGMENT,
      ['team_handoffs', 'effort_index', 'first_contact_resolution_rate'],
      now,
    );
    const segments = evaluateSegments(
      aggregates,
      now,
      DEFAULT_RULES,
      (team, metric) => team === RISING_TEAM && explainedBy(billing, metric),
    );
    const finding = (segment: string, metric: AlertMetric) =>
      segments.find((s) => s.segment === segment)!.findings.find((f) => f.metric === metric)!;

    // Billing's own CES: 4.7 vs 5.5 on 34 answers, p ~ 0.0013: elevated, not in its alert.
    expect(finding(RISING_SEGMENT, 'ces_average').state).toBe('elevated');
    expect(finding('channel:chat', 'ces_average').state).not.toBe('worse');

    // With every team in (13 of the 44 chat answers are Billing's, mean 3.9) the channel
    // would be worse at 0.001: this is the alert an earlier version raised.
    let recent = emptyStats();
    let baseline = emptyStats();
    for (const s of aggregates.windowed(now, DEFAULT_SEGMENT_RULES)) {
      if (s.segment !== 'channel:chat' || s.metric !== 'ces_average') continue;
      recent = mergeStats(recent, s.recent);
      baseline = mergeStats(baseline, s.baseline);
    }
    expect(judge('ces_average', recent, baseline, { ...DEFAULT_SEGMENT_RULES, alpha: 0.001 }).state).toBe('worse');
  });
});
