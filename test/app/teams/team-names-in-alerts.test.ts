import { describe, expect, it } from 'vitest';
import { alertDepsFor } from '../../../compose/alerts.js';
import { createAlertInbound } from '../../../src/app/alerts/alert-inbound.js';
import { createTeamDirectory } from '../../../src/app/teams/team-directory.js';
import { loadConfig } from '../../../src/config/load-config.js';
import type { TeamNames } from '../../../src/ports/team-names.js';
import { captureLogs } from '../../support/capture-logs.js';
import { openTestStore } from '../../support/store.js';

describe('team names from Zendesk reach /effort and alert labels', () => {
  it('names a group by its Zendesk name, and by the new name after a refresh, without a restart', async () => {
    const store = await openTestStore();
    const config = loadConfig({}, { cwd: '/nonexistent' });
    const clock = { now: () => new Date('2026-11-30T10:00:00Z') };
    let zendeskNames: TeamNames = { '360002': 'Billing' };
    const teams = createTeamDirectory({
      source: { listTeamNames: async () => zendeskNames },
      state: store.syncState,
      clock,
      logger: captureLogs().logger,
      overrides: {},
    });
    const deps = alertDepsFor({ config, store, clock, logger: captureLogs().logger, teamNames: teams.names });
    const inbound = createAlertInbound(deps);

    const before = await inbound.effortSummary('360002');
    expect(before.ok && before.view.segmentLabel).toBe('Group 360002');

    await teams.refresh();
    const byName = await inbound.effortSummary('billing');
    expect(byName.ok && byName.view.segmentLabel).toBe('Billing');

    zendeskNames = { '360002': 'Payments' };
    await teams.refresh();
    const renamed = await inbound.effortSummary('360002');
    expect(renamed.ok && renamed.view.segmentLabel).toBe('Payments');
    const unknown = await inbound.effortSummary('billing');
    expect(unknown.ok ? '' : unknown.message).toMatch(/Teams: Payments/);
    await store.close();
  });
});
