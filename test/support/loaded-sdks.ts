/**
 * Run in a process of its own (test/compose/lazy-integrations.test.ts): builds the whole
 * service from the environment given as JSON in argv[2] (an in-memory database, workers off,
 * nothing listening) and prints which SDKs the process then holds, by the package folders in
 * Node's module cache (CommonJS packages land there when imported from ESM too).
 */
import { createRequire } from 'node:module';
import { buildService } from '../../compose/build-service.js';
import { loadConfig } from '../../src/config/load-config.js';
import { createLogger } from '../../src/logger.js';

export const SDK_FOLDERS = {
  'twilio REST client': '/node_modules/twilio/lib/rest/',
  'Slack Web API': '/node_modules/@slack/web-api/',
  'Bolt App': '/node_modules/@slack/bolt/dist/App.js',
  'node-zendesk': '/node_modules/node-zendesk/',
} as const;

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, '/'))) {
  const env = { DATABASE_URL: ':memory:', LOG_LEVEL: 'silent', ...JSON.parse(process.argv[2] ?? '{}') };
  const config = loadConfig(env, { cwd: '/nonexistent' });
  await buildService(config, { logger: createLogger({ level: 'silent' }), manualWorkers: true });
  const cached = Object.keys(createRequire(import.meta.url).cache);
  const loaded = Object.entries(SDK_FOLDERS)
    .filter(([, folder]) => cached.some((file) => file.includes(folder)))
    .map(([name]) => name);
  console.log(JSON.stringify(loaded));
  process.exit(0);
}
