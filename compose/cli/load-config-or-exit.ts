import dotenv from 'dotenv';
import { ConfigError, loadConfig, type AppConfig } from '../../src/config/load-config.js';

/**
 * Reads .env (when present) and the environment; prints every problem and exits 1 on bad
 * values. `overrides` are command-line flags that stand for a variable (`--port` is
 * `PORT`), applied before defaults that depend on them, such as PUBLIC_URL's port.
 */
export function loadConfigOrExit(overrides: Record<string, string | undefined> = {}): AppConfig {
  dotenv.config({ quiet: true });
  const given = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined));
  try {
    return loadConfig({ ...process.env, ...given });
  } catch (error) {
    if (error instanceof ConfigError) {
      // One problem fits one line; several are listed under one header.
      const [only, ...more] = error.problems;
      console.error(
        more.length === 0 && only ? `effortless: cannot start: ${only}` : `effortless: cannot start.\n${error.message}`,
      );
      process.exit(1);
    }
    throw error;
  }
}
