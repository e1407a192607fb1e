import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type ConfigError, loadConfig } from '../../src/config/load-config.js';
import { DEFAULT_SEGMENT_RULES, rulesFor } from '../../src/domain/alerts/rules.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function withConfig(json: unknown) {
  const dir = mkdtempSync(join(tmpdir(), 'effortless-alerts-config-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'effortless.config.json'), JSON.stringify(json));
  return () => loadConfig({}, { cwd: dir });
}

describe('alerts in effortless.config.json', () => {
  it('uses the documented defaults without a file section', () => {
    const { alerts } = withConfig({})();
    expect(alerts.rules.defaults).toEqual(DEFAULT_SEGMENT_RULES);
    expect(alerts).toMatchObject({
      evaluateEveryMs: 300_000,
      timing: { cooldownMs: 6 * 3_600_000, updateIntervalMs: 3_600_000 },
      lowScore: { enabled: true, maxScore: 2 },
    });
  });

  it('reads defaults and per-segment rules, filling a partial minEffect from the defaults', () => {
    const { alerts } = withConfig({
      alerts: {
        evaluateEveryMinutes: 1,
        rules: { alpha: 0.0005, minEffect: { team_handoffs: 0.3 } },
        segments: { 'group:42': { minRecent: 50, recentHours: 12, minEffect: { effort_index: 8 } } },
        watch: { tags: ['vip'] },
        teamNames: { '42': 'Billing' },
      },
    })();
    expect(alerts.evaluateEveryMs).toBe(60_000);
    expect(alerts.rules.defaults).toMatchObject({
      alpha: 0.0005,
      minRecent: 30,
      minEffect: { team_handoffs: 0.3, effort_index: 5 },
    });
    expect(rulesFor(alerts.rules, 'group:42')).toMatchObject({
      alpha: 0.0005,
      minRecent: 50,
      recentHours: 12,
      minEffect: { team_handoffs: 0.3, effort_index: 8 },
    });
    expect(rulesFor(alerts.rules, 'group:43')).toBe(alerts.rules.defaults);
    expect(alerts.watch).toEqual({ tags: ['vip'], formIds: [] });
    expect(alerts.teamNames).toEqual({ '42': 'Billing' });
  });

  it('refuses a bad segment key, an unknown metric and an alpha out of range, naming each', () => {
    const load = withConfig({ alerts: { segments: { team42: {} }, rules: { alpha: 2, minEffect: { handoffs: 1 } } } });
    let problems: string[] = [];
    try {
      load();
    } catch (error) {
      problems = (error as ConfigError).problems;
    }
    expect(problems.join('\n')).toMatch(/alerts\.segments\.team42/);
    expect(problems.join('\n')).toMatch(/alerts\.rules\.alpha/);
    expect(problems.join('\n')).toMatch(/alerts\.rules\.minEffect/);
  });
});
