import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { SDK_FOLDERS } from '../support/loaded-sdks.js';
import { CLOSED_PORT_INTEGRATIONS } from '../support/closed-port-integrations.js';

const root = new URL('../../', import.meta.url).pathname;
const run = promisify(execFile);

/** The SDKs a freshly built service holds with these settings (test/support/loaded-sdks.ts). */
async function sdksLoadedWith(env: Record<string, string>): Promise<string[]> {
  const { stdout } = await run(
    process.execPath,
    ['--import', `${root}node_modules/tsx/dist/loader.mjs`, `${root}test/support/loaded-sdks.ts`, JSON.stringify(env)],
    { cwd: root, timeout: 60_000 },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '[]') as string[];
}

describe('integration SDKs are loaded only when their integration is configured', () => {
  it('none without credentials: the webhooks check signatures with the SDKs’ own small modules', async () => {
    expect(await sdksLoadedWith({ ZENDESK_WEBHOOK_SECRET: 'shh' })).toEqual([]);
  }, 60_000);

  it('each one with its credentials', async () => {
    expect(await sdksLoadedWith(CLOSED_PORT_INTEGRATIONS)).toEqual(Object.keys(SDK_FOLDERS));
  }, 60_000);

  it('Twilio alone loads twilio only', async () => {
    const { TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM } = CLOSED_PORT_INTEGRATIONS;
    expect(await sdksLoadedWith({ TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM })).toEqual([
      'twilio REST client',
    ]);
  }, 60_000);
});
