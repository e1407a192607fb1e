import { describe, expect, it } from 'vitest';
import { alertDepsFor } from '../../compose/alerts.js';
import { ScoringInForce } from '../../src/app/effort-model/scoring-in-force.js';
import { loadConfig } from '../../src/config/load-config.js';
import { explainRise } from '../../src/domain/alerts/explain.js';
import type { MetricFinding } from '../../src/domain/alerts/evaluate.js';
import { DEFAULT_EFFORT_WEIGHTS } from '../../src/domain/effort-index.js';
import { captureLogs } from '../support/capture-logs.js';
import { openTestStore } from '../support/store.js';

/** A rise of `difference` in one driver metric, as the evaluation reports it. */
function rise(metric: MetricFinding['metric'], difference: number): MetricFinding {
  return {
    metric,
    state: 'worse',
    comparison: { difference, recentMean: 0.1 + difference, baselineMean: 0.1 },
    excludedTeams: [],
  } as unknown as MetricFinding;
}

describe('alerts weigh driver rises with the effort weights in force', () => {
  it('explains a rise with the configured weights, then with the fitted ones, without a restart', async () => {
    const store = await openTestStore();
    const config = loadConfig({}, { cwd: '/nonexistent' });
    const scoring = new ScoringInForce(config.drivers, config.effortWeights);
    const deps = alertDepsFor({
      config,
      store,
      clock: { now: () => new Date('2026-11-30T10:00:00Z') },
      logger: captureLogs().logger,
      effortWeights: () => scoring.current().weights,
    });
    // The same rise in both drivers: 0.5 more switches and 0.5 more handoffs per case.
    const findings = [rise('team_handoffs', 0.5), rise('channel_switches', 0.5)];

    // Configured: a switch (12) weighs more than a handoff (10).
    expect(explainRise(findings, deps.settings.effortWeights).map((d) => d.metric)).toEqual([
      'channel_switches',
      'team_handoffs',
    ]);

    // The answers say handoffs cost customers far more than switches.
    scoring.use({ ...DEFAULT_EFFORT_WEIGHTS, teamHandoff: 20, channelSwitch: 2 });
    const fitted = explainRise(findings, deps.settings.effortWeights);
    expect(fitted.map((d) => d.metric)).toEqual(['team_handoffs', 'channel_switches']);
    expect(fitted[0]?.share).toBeCloseTo(20 / 22, 6);
    await store.close();
  });
});
