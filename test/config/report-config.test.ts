import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type ConfigError, loadConfig } from '../../src/config/load-config.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function load(json: unknown, env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'effortless-report-config-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'effortless.config.json'), JSON.stringify(json));
  return loadConfig(env, { cwd: dir });
}

function problems(json: unknown): string[] {
  try {
    load(json);
  } catch (error) {
    return (error as ConfigError).problems;
  }
  return [];
}

describe('teams and report in effortless.config.json', () => {
  it('defaults: names refreshed hourly; the digest on Mondays 09:00 in TIMEZONE, five worst', () => {
    const config = load({}, { TIMEZONE: 'Europe/Amsterdam' });
    expect(config.teams).toEqual({ refreshMs: 3_600_000 });
    expect(config.report).toEqual({
      weekly: { enabled: true, weekday: 1, time: '09:00', timeZone: 'Europe/Amsterdam' },
      worstCount: 5,
    });
  });

  it('reads the configured schedule', () => {
    const config = load({
      teams: { refreshMinutes: 15 },
      report: {
        weekly: { day: 'friday', time: '16:30', timeZone: 'America/New_York', enabled: false },
        worstCount: 10,
      },
    });
    expect(config.teams.refreshMs).toBe(900_000);
    expect(config.report).toEqual({
      weekly: { enabled: false, weekday: 5, time: '16:30', timeZone: 'America/New_York' },
      worstCount: 10,
    });
  });

  it('a bad value stops the start with the key named', () => {
    expect(problems({ report: { weekly: { time: '9am' } } }).join('\n')).toMatch(/report\.weekly\.time.*HH:MM/);
    expect(problems({ report: { weekly: { day: 'someday' } } }).join('\n')).toMatch(/report\.weekly\.day/);
    expect(problems({ report: { weekly: { timeZone: 'Mars/Olympus' } } }).join('\n')).toMatch(
      /report\.weekly\.timeZone.*IANA/,
    );
    expect(problems({ teams: { refreshMinutes: 0 } }).join('\n')).toMatch(/teams\.refreshMinutes/);
  });
});
