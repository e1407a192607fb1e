import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAlertService } from '../../src/app/alerts/alert-service.js';
import { recordSample } from '../../src/app/alerts/record-samples.js';
import { formatReport } from '../../compose/cli/alerts-command.js';
import { HOUR_MS } from '../../src/domain/alerts/sample.js';
import type { Store } from '../../src/ports/store.js';
import { alertHarness } from '../support/alert-harness.js';
import { openTestStore } from '../support/store.js';

let store: Store;
beforeEach(async () => {
  store = await openTestStore();
});
afterEach(async () => {
  await store.close();
});

const now = new Date('2026-11-23T12:30:00Z');

describe('effortless alerts', () => {
  it('prints what is worse and the alert it opened, then nothing new on a second run', async () => {
    const { deps } = alertHarness(store, now);
    let key = 0;
    const add = (hoursAgo: number, handoffs: number) =>
      recordSample(deps, {
        key: `case:${key++}`,
        ticketId: key,
        at: new Date(now.getTime() - hoursAgo * HOUR_MS),
        team: 42,
        segments: ['all', 'channel:email'],
        values: { team_handoffs: handoffs },
      });
    for (let h = 30; h < 30 + 24 * 10; h++) for (const v of [0, 0, 0, 0, 1]) await add(h, v);
    for (let h = 0; h < 20; h++) for (const v of [1, 2, 1, 1, 0]) await add(h, v);

    const service = createAlertService(deps);
    const lines = formatReport(await service.evaluate(), deps.settings.teamNames);
    expect(lines[0]).toMatch(/^evaluated \d+ segments at 2026-11-23T12:30:00.000Z in [\d.]+ ms$/);
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^ {2}worse {4}Billing \(group:42\) · Team handoffs per case: 1\.00 \(n=100\) vs 0\.20 \(n=1200\) p=/,
      ),
    );
    expect(lines).toContain('opened alert #1: Billing (team_handoffs)');
    const again = formatReport(await service.evaluate(), deps.settings.teamNames);
    expect(again.filter((line) => line.startsWith('opened'))).toEqual([]);
  });

  it('says so when another instance was evaluating at that moment', async () => {
    const { deps } = alertHarness(store, now);
    const service = createAlertService(deps);
    const lines = await store.exclusively('alerts.evaluate', async () =>
      formatReport(await service.evaluate(), deps.settings.teamNames),
    );
    expect(lines).toEqual({
      ran: true,
      result: ['not evaluated at 2026-11-23T12:30:00.000Z: another instance is evaluating now; try again in a moment'],
    });
  });
});
