import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../src/config/load-config.js';

/** A fresh directory without effortless.config.json. */
export const emptyDir = () => mkdtempSync(join(tmpdir(), 'effortless-config-'));

/** The problems loadConfig names for `env` (it must refuse it). */
export function problemsOf(env: Record<string, string>, cwd = emptyDir()): string[] {
  try {
    loadConfig(env, { cwd });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}
