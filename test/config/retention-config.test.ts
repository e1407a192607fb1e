import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/load-config.js';

const load = (env: Record<string, string>) =>
  loadConfig(env, { cwd: mkdtempSync(join(tmpdir(), 'effortless-config-')) });

describe('RETENTION_DAYS', () => {
  it('keeps processed queue rows 30 days unless told otherwise', () => {
    expect(load({}).retentionMs).toBe(30 * 86_400_000);
    expect(load({ RETENTION_DAYS: '90' }).retentionMs).toBe(90 * 86_400_000);
  });

  it.each(['0', '0.5', 'forever', '-3'])('refuses %s, naming the variable', (value) => {
    let problems: string[] = [];
    try {
      load({ RETENTION_DAYS: value });
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems = error.problems;
    }
    expect(problems.join('\n')).toMatch(/RETENTION_DAYS/);
  });
});
