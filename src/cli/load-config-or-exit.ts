import dotenv from 'dotenv';
import { ConfigError, loadConfig, type AppConfig } from '../config/load-config.js';

/** Reads .env (when present) and the environment; prints every problem and exits 1 on bad values. */
export function loadConfigOrExit(): AppConfig {
  dotenv.config({ quiet: true });
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`effortless: cannot start.\n${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}
