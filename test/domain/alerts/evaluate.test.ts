import { describe, expect, it } from 'vitest';
import { MetricAggregates } from '../../../src/domain/alerts/aggregates.js';
import { evaluateSegments, judge, segmentFigures } from '../../../src/domain/alerts/evaluate.js';
import { DEFAULT_SEGMENT_RULES, rulesFor, type AlertRules } from '../../../src/domain/alerts/rules.js';
import { statsOf } from '../../../src/domain/alerts/running-stats.js';
import { HOUR_MS } from '../../../src/domain/alerts/sample.js';

const now = new Date('2026-11-23T12:30:00Z');
const rules: AlertRules = { defaults: DEFAULT_SEGMENT_RULES, overrides: {} };

/** `perHour` cases per team per hour with the given team-handoff counts cycling, for `hours` hours ending `endHoursAgo` ago. */
function fill(
  agg: MetricAggregates,
  team: number,
  channel: string,
  handoffs: number[],
  hours: number,
  endHoursAgo: number,
  prefix: string,
) {
  let i = 0;
  for (let h = endHoursAgo; h < endHoursAgo + hours; h++) {
    for (const value of handoffs) {
      const at = new Date(now.getTime() - h * HOUR_MS - 60_000);
      agg.applySample(
        {
          key: `${prefix}:${i++}`,
          ticketId: i,
          at,
          team,
          segments: ['all', `channel:${channel}`],
          values: { team_handoffs: value },
        },
        1,
      );
    }
  }
}

function history(agg: MetricAggregates, team: number, channel: string, recent: number[]) {
  fill(agg, team, channel, [0, 0, 0, 1, 0], 24 * 20, 30, `base-${team}`); // 0.2 handoffs per case
  fill(agg, team, channel, recent, 23, 0, `recent-${team}`);
}

const stateOf = (segments: ReturnType<typeof evaluateSegments>, segment: string) =>
  segments.find((s) => s.segment === segment)?.findings.find((f) => f.metric === 'team_handoffs');

describe('judge', () => {
  const base = statsOf(Array.from({ length: 2000 }, (_, i) => (i % 5 === 0 ? 1 : 0)));
  it('is worse for a large significant rise, elevated for a weak one, normal otherwise', () => {
    const r = DEFAULT_SEGMENT_RULES;
    expect(
      judge('team_handoffs', statsOf(Array.from({ length: 200 }, (_, i) => (i % 5 < 3 ? 1 : 0))), base, r).state,
    ).toBe('worse');
    expect(
      judge('team_handoffs', statsOf(Array.from({ length: 200 }, (_, i) => (i % 20 < 7 ? 1 : 0))), base, r).state,
    ).toBe('elevated'); // +0.15 < minEffect 0.2
    expect(
      judge('team_handoffs', statsOf(Array.from({ length: 200 }, (_, i) => (i % 5 === 0 ? 1 : 0))), base, r).state,
    ).toBe('normal');
    expect(judge('team_handoffs', statsOf([1, 1, 1]), base, r).state).toBe('insufficient_data');
  });

  it('reads per-segment overrides over the defaults, minEffect merged per metric', () => {
    const merged = rulesFor(
      {
        defaults: DEFAULT_SEGMENT_RULES,
        overrides: { 'group:7': { minRecent: 80, minEffect: { team_handoffs: 1 } as never } },
      },
      'group:7',
    );
    expect(merged.minRecent).toBe(80);
    expect(merged.minEffect.team_handoffs).toBe(1);
    expect(merged.minEffect.effort_index).toBe(DEFAULT_SEGMENT_RULES.minEffect.effort_index);
  });
});

describe('evaluateSegments', () => {
  it('alerts the team whose handoffs rose, and leaves it out of everything and its channel', () => {
    const agg = new MetricAggregates();
    history(agg, 1, 'email', [1, 1, 0, 1, 1]); // 0.8 per case
    history(agg, 2, 'email', [0, 0, 0, 1, 0]);
    history(agg, 3, 'chat', [0, 0, 0, 1, 0]);
    const segments = evaluateSegments(agg, now, rules);
    expect(stateOf(segments, 'group:1')?.state).toBe('worse');
    expect(stateOf(segments, 'group:2')?.state).toBe('normal');
    const all = stateOf(segments, 'all');
    expect(all?.state).toBe('normal');
    expect(all?.excludedTeams).toEqual([1]);
    expect(stateOf(segments, 'channel:email')?.state).toBe('normal');
  });

  it('alerts everything when the rise is spread over teams too small to judge alone', () => {
    const agg = new MetricAggregates();
    for (const team of [1, 2, 3, 4]) history(agg, team, 'email', [1]); // 23 recent cases each: below minRecent 30
    const segments = evaluateSegments(agg, now, rules);
    expect(stateOf(segments, 'group:1')?.state).toBe('insufficient_data');
    expect(stateOf(segments, 'all')).toMatchObject({ state: 'worse', excludedTeams: [] });
  });

  it('keeps leaving out a team whose open alert covers the metric, while it recovers', () => {
    const agg = new MetricAggregates();
    history(agg, 1, 'email', [0, 1, 0, 0, 1, 0, 1, 0, 0, 0]); // 0.3: below minEffect, not worse on its own
    history(agg, 2, 'email', [0, 0, 0, 1, 0]);
    const explained = (team: number | null, metric: string) => team === 1 && metric === 'team_handoffs';
    expect(stateOf(evaluateSegments(agg, now, rules, explained), 'all')?.excludedTeams).toEqual([1]);
    expect(stateOf(evaluateSegments(agg, now, rules), 'all')?.excludedTeams).toEqual([]);
  });

  it('gives /effort figures with every team in', () => {
    const agg = new MetricAggregates();
    history(agg, 1, 'email', [1, 1, 0, 1, 1]);
    history(agg, 2, 'email', [0, 0, 0, 1, 0]);
    const all = segmentFigures(agg, now, rules, 'all').find((f) => f.metric === 'team_handoffs');
    expect(all?.recent.n).toBe(2 * 23 * 5);
    expect(all?.comparison.recentMean).toBeCloseTo(0.5);
    const team = segmentFigures(agg, now, rules, 'all', 2).find((f) => f.metric === 'team_handoffs');
    expect(team?.comparison.recentMean).toBeCloseTo(0.2);
  });
});
