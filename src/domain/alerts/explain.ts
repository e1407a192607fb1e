import type { DriverExplanation, AlertTicket } from './alert-view.js';
import type { EffortWeights } from '../effort-index.js';
import type { MetricFinding } from './evaluate.js';
import { formatMetricValue, METRIC_DEFINITIONS, type AlertMetric } from './alert-metrics.js';
import type { MetricSample } from './sample.js';

/**
 * Effort-index points one unit of each driver metric is worth (effort-index.ts weights):
 * a rise of 0.5 team handoffs per case adds about 5 points to the average index.
 * First-contact resolution counts the other way: fewer resolved at once adds points.
 */
function pointsPerUnit(weights: EffortWeights): Partial<Record<AlertMetric, number>> {
  return {
    channel_switches: weights.channelSwitch,
    team_handoffs: weights.teamHandoff,
    reopen_rate: weights.reopen,
    repeat_contact_rate: weights.repeatContact,
    first_contact_resolution_rate: -weights.notFirstContactResolution,
  };
}

/**
 * The drivers that explain most of a rise: each driver's change since the baseline turned
 * into effort-index points, largest first, as shares of all added points. Drivers that did
 * not get worse are left out; at most `limit`.
 */
export function explainRise(
  findings: readonly MetricFinding[],
  weights: EffortWeights,
  limit = 3,
): DriverExplanation[] {
  const perUnit = pointsPerUnit(weights);
  const added = findings
    .map((f) => {
      const unit = perUnit[f.metric];
      const change = f.comparison.difference;
      return { f, points: unit === undefined || !Number.isFinite(change) ? 0 : change * unit };
    })
    .filter((d) => d.points > 0);
  const total = added.reduce((sum, d) => sum + d.points, 0);
  return added
    .sort((a, b) => b.points - a.points)
    .slice(0, limit)
    .map(({ f, points }) => ({
      metric: f.metric,
      label: METRIC_DEFINITIONS[f.metric].label,
      recent: formatMetricValue(f.metric, f.comparison.recentMean),
      baseline: formatMetricValue(f.metric, f.comparison.baselineMean),
      share: points / total,
    }));
}

interface TicketFacts {
  ticketId: number;
  values: Partial<Record<AlertMetric, number>>;
}

function weightOf(facts: TicketFacts, metric: AlertMetric): number {
  const value = facts.values[metric];
  if (value === undefined) return Number.NEGATIVE_INFINITY;
  return METRIC_DEFINITIONS[metric].direction === 'higher_is_worse' ? value : -value;
}

function noteOf(facts: TicketFacts): string {
  const v = facts.values;
  const parts: string[] = [];
  if (v.effort_index !== undefined) parts.push(`effort ${v.effort_index}`);
  if (v.team_handoffs) parts.push(`${v.team_handoffs} team handoff${v.team_handoffs === 1 ? '' : 's'}`);
  if (v.channel_switches) parts.push(`${v.channel_switches} channel switch${v.channel_switches === 1 ? '' : 'es'}`);
  if (v.reopen_rate) parts.push('reopened');
  if (v.repeat_contact_rate) parts.push('repeat contact');
  if (v.ces_average !== undefined) parts.push(`CES ${v.ces_average}`);
  return parts.join(' · ');
}

/**
 * The tickets that weigh most in a rise: worst first on the metrics that rose, then on
 * the effort index. A ticket's case and answer samples are read together.
 */
export function heaviestTickets(
  samples: readonly MetricSample[],
  rose: readonly AlertMetric[],
  ticketUrl: (id: number) => string | null,
  limit = 5,
): AlertTicket[] {
  const byTicket = new Map<number, TicketFacts>();
  for (const sample of samples) {
    const facts = byTicket.get(sample.ticketId) ?? { ticketId: sample.ticketId, values: {} };
    facts.values = { ...sample.values, ...facts.values }; // newest first: keep the newer value
    byTicket.set(sample.ticketId, facts);
  }
  const order = [...rose, 'effort_index' as const];
  const compare = (a: TicketFacts, b: TicketFacts): number => {
    for (const metric of order) {
      const diff = weightOf(b, metric) - weightOf(a, metric);
      if (diff !== 0 && !Number.isNaN(diff)) return diff;
    }
    return b.ticketId - a.ticketId;
  };
  return [...byTicket.values()]
    .filter((facts) => rose.some((metric) => facts.values[metric] !== undefined))
    .sort(compare)
    .slice(0, limit)
    .map((facts) => ({ ticketId: facts.ticketId, url: ticketUrl(facts.ticketId), note: noteOf(facts) }));
}
