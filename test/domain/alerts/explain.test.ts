import { describe, expect, it } from 'vitest';
import type { MetricFinding } from '../../../src/domain/alerts/evaluate.js';
import { explainRise, heaviestTickets } from '../../../src/domain/alerts/explain.js';
import type { AlertMetric } from '../../../src/domain/alerts/alert-metrics.js';
import type { MetricSample } from '../../../src/domain/alerts/sample.js';
import { DEFAULT_EFFORT_WEIGHTS } from '../../../src/domain/effort-index.js';

function finding(metric: AlertMetric, baselineMean: number, recentMean: number): MetricFinding {
  const stats = { n: 100, sum: 0, sumSquares: 0 };
  return {
    metric,
    state: 'worse',
    recent: stats,
    baseline: stats,
    excludedTeams: [],
    comparison: {
      verdict: 'worse',
      recentMean,
      baselineMean,
      difference: recentMean - baselineMean,
      pValue: 0.0001,
      z: 4,
    },
  };
}

describe('explainRise', () => {
  it('ranks drivers by the effort points their change adds, as shares of the rise', () => {
    const drivers = explainRise(
      [
        finding('team_handoffs', 0.2, 0.8), // +0.6 x 10 = 6 points
        finding('channel_switches', 0.3, 0.4), // +0.1 x 12 = 1.2
        finding('first_contact_resolution_rate', 0.7, 0.5), // -0.2 x -6 = 1.2
        finding('reopen_rate', 0.1, 0.05), // better: left out
        finding('effort_index', 20, 30), // not a driver
      ],
      DEFAULT_EFFORT_WEIGHTS,
    );
    expect(drivers.map((d) => d.metric)).toEqual([
      'team_handoffs',
      'channel_switches',
      'first_contact_resolution_rate',
    ]);
    expect(drivers[0]).toMatchObject({ label: 'Team handoffs per case', recent: '0.80', baseline: '0.20' });
    expect(drivers[0]?.share).toBeCloseTo(6 / 8.4);
  });
});

describe('heaviestTickets', () => {
  const sample = (ticketId: number, values: MetricSample['values'], key = `case:${ticketId}`): MetricSample => ({
    key,
    ticketId,
    at: new Date(),
    team: 1,
    segments: ['all'],
    values,
  });

  it('puts the worst tickets on the risen metric first, with a note and link', () => {
    const tickets = heaviestTickets(
      [
        sample(1, { team_handoffs: 1, effort_index: 50 }),
        sample(2, { team_handoffs: 3, effort_index: 40 }),
        sample(3, { team_handoffs: 1, effort_index: 80 }),
        sample(3, { ces_average: 2 }, 'answer:9'),
        sample(4, { ces_average: 6 }, 'answer:10'),
      ],
      ['team_handoffs'],
      (id) => `https://acme.zendesk.com/agent/tickets/${id}`,
      2,
    );
    expect(tickets).toEqual([
      { ticketId: 2, url: 'https://acme.zendesk.com/agent/tickets/2', note: 'effort 40 · 3 team handoffs' },
      { ticketId: 3, url: 'https://acme.zendesk.com/agent/tickets/3', note: 'effort 80 · 1 team handoff · CES 2' },
    ]);
  });
});
