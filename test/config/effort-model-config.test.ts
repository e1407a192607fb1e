import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_EFFORT_MODEL_SETTINGS } from '../../src/app/effort-model/refit-effort-model.js';
import { ConfigError, loadConfig } from '../../src/config/load-config.js';

function withConfigFile(json: unknown): string {
  const cwd = mkdtempSync(join(tmpdir(), 'effortless-model-'));
  writeFileSync(join(cwd, 'effortless.config.json'), JSON.stringify(json));
  return cwd;
}

describe('effortless.config.json effort.model', () => {
  it('defaults to a floor of 300 answers, a daily fit and a year of answers', () => {
    expect(loadConfig({}, { cwd: withConfigFile({}) }).effortModel).toEqual({
      minAnswers: 300,
      refitHours: 24,
      lookbackDays: 365,
    });
    expect(DEFAULT_EFFORT_MODEL_SETTINGS.minAnswers).toBe(300);
  });

  it('reads each setting, keeping the defaults of the others and the weights beside it', () => {
    const config = loadConfig(
      {},
      { cwd: withConfigFile({ effort: { weights: { reopen: 20 }, model: { minAnswers: 500, refitHours: 6 } } }) },
    );
    expect(config.effortModel).toEqual({ minAnswers: 500, refitHours: 6, lookbackDays: 365 });
    expect(config.effortWeights.reopen).toBe(20);
  });

  it.each([
    { model: { minAnswers: 10 }, problem: /effort\.model\.minAnswers/ },
    { model: { refitHours: 0 }, problem: /effort\.model\.refitHours/ },
    { model: { lookbackDays: 1.5 }, problem: /effort\.model\.lookbackDays/ },
    { model: { floor: 300 }, problem: /floor/ },
  ])('refuses $model', ({ model, problem }) => {
    let problems = '';
    try {
      loadConfig({}, { cwd: withConfigFile({ effort: { model } }) });
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems = error.problems.join('\n');
    }
    expect(problems).toMatch(problem);
  });
});
