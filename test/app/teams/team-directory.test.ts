import { describe, expect, it } from 'vitest';
import { createTeamDirectory, TEAM_NAMES_STATE_KEY } from '../../../src/app/teams/team-directory.js';
import type { TeamNameSource, TeamNames } from '../../../src/ports/team-names.js';
import { captureLogs } from '../../support/capture-logs.js';
import { openTestStore } from '../../support/store.js';

const clock = { now: () => new Date('2026-11-30T10:00:00Z') };

function source(answers: Array<TeamNames | Error>): TeamNameSource & { calls: number } {
  const result = {
    calls: 0,
    async listTeamNames() {
      const answer = answers[Math.min(result.calls, answers.length - 1)];
      result.calls += 1;
      if (answer instanceof Error) throw answer;
      return answer as TeamNames;
    },
  };
  return result;
}

describe('team directory', () => {
  it("names teams from Zendesk, with the config's names winning", async () => {
    const store = await openTestStore();
    const teams = createTeamDirectory({
      source: source([{ '1': 'Billing', '2': 'Tier 2' }]),
      state: store.syncState,
      clock,
      logger: captureLogs().logger,
      overrides: { '2': 'Second line' },
    });
    expect(teams.names()).toEqual({ '2': 'Second line' });
    await teams.refresh();
    expect(teams.names()).toEqual({ '1': 'Billing', '2': 'Second line' });
  });

  it('keeps the names it knows when Zendesk fails, and says so without failing', async () => {
    const store = await openTestStore();
    const logs = captureLogs();
    const teams = createTeamDirectory({
      source: source([{ '1': 'Billing' }, new Error('Zendesk answered 503')]),
      state: store.syncState,
      clock,
      logger: logs.logger,
      overrides: {},
    });
    await teams.refresh();
    await teams.refresh();
    expect(teams.names()).toEqual({ '1': 'Billing' });
    expect(logs.text()).toMatch(/could not read team names.*503|503.*could not read team names/);
  });

  it('a new process starts with the names the last one read (cached in the database)', async () => {
    const store = await openTestStore();
    const first = createTeamDirectory({
      source: source([{ '7': 'Returns' }]),
      state: store.syncState,
      clock,
      logger: captureLogs().logger,
      overrides: {},
    });
    await first.refresh();
    expect(await store.syncState.get(TEAM_NAMES_STATE_KEY)).toMatchObject({ names: { '7': 'Returns' } });
    const offline = source([new Error('down')]);
    const second = createTeamDirectory({
      source: offline,
      state: store.syncState,
      clock,
      logger: captureLogs().logger,
      overrides: {},
    });
    await second.load();
    expect(second.names()).toEqual({ '7': 'Returns' });
    expect(offline.calls).toBe(0);
  });

  it('without Zendesk only the configured names exist and nothing is read', async () => {
    const store = await openTestStore();
    const teams = createTeamDirectory({
      source: null,
      state: store.syncState,
      clock,
      logger: captureLogs().logger,
      overrides: { '3': 'VIP' },
    });
    await teams.load();
    await teams.refresh();
    expect(teams.names()).toEqual({ '3': 'VIP' });
  });
});
