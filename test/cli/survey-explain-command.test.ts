import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { StandIns } from '../../demo/stand-ins/start-stand-ins.js';
import { start, ZENDESK } from '../demo/stand-ins-support.js';
import { AUDITS, CUSTOMER, TICKET } from '../demo/zendesk-scenario.js';

/** `effortless survey explain` as an operator runs it: a real process against the Zendesk stand-in on loopback. */
const root = fileURLToPath(new URL('../../', import.meta.url));
const workDir = mkdtempSync(join(tmpdir(), 'effortless-explain-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

let running: StandIns | null = null;
afterEach(async () => {
  await running?.stop();
  running = null;
});

function explain(args: string[], env: Record<string, string>) {
  const child = spawn(
    process.execPath,
    ['--import', `${root}node_modules/tsx/dist/loader.mjs`, `${root}compose/cli/main.ts`, 'survey', 'explain', ...args],
    {
      cwd: workDir,
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: `file:${join(workDir, 'effortless.db')}`, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.once('close', (code) => resolve({ code, stdout, stderr })),
  );
}

// Each run starts a process that compiles the sources through tsx: seconds apiece on a busy machine.
describe('npx effortless survey explain --ticket N', { timeout: 90_000 }, () => {
  it('prints the decision for a ticket read from Zendesk, sends nothing, and says what is missing', async () => {
    running = await start();
    running.zendesk.state.putTicket(TICKET, AUDITS);
    running.zendesk.state.putUser(CUSTOMER);
    const env = { ZENDESK_URL: running.zendesk.url, ZENDESK_EMAIL: ZENDESK.email, ZENDESK_API_TOKEN: ZENDESK.apiToken };

    const found = await explain(['--ticket', '501'], env);
    expect(found.stderr).toBe('');
    expect(found.code).toBe(0);
    const lines = found.stdout.trim().split('\n');
    expect(lines[0]).toBe('ticket 501 (status solved); nothing is sent');
    expect(lines).toContainEqual(
      expect.stringMatching(/^question: CES \(ease wording\), nl, version ces-ease\.[0-9a-f]{8}$/),
    );
    // No Twilio or Slack in this run: the first rule says so, and every rule still gives its verdict.
    expect(lines).toContainEqual(
      expect.stringMatching(/^ {2}fail integration_configured +no survey channel is configured/),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}(pass|fail|off ) sampled/));
    expect(lines.at(-1)).toMatch(/^decision: no survey \(integration_configured: /);
    expect(running.zendesk.state.callsTo(/^\/api\/v2\/tickets\//, 'PUT')).toEqual([]);
    expect(running.zendesk.state.callsTo('/api/v2/tickets/501.json')).toHaveLength(1);

    const json = await explain(['--ticket', '501', '--json'], env);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ticketId: 501,
      decision: { send: false, rule: 'integration_configured' },
    });

    const missing = await explain(['--ticket', '999'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('effortless survey explain: Zendesk has no ticket 999');
  });

  it('needs the Zendesk API variables and a ticket id', async () => {
    const off = await explain(['--ticket', '501'], {});
    expect(off.code).toBe(1);
    expect(off.stderr).toContain('set ZENDESK_URL, ZENDESK_EMAIL and ZENDESK_API_TOKEN');
    const bad = await explain(['--ticket', 'abc'], {});
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('expected a Zendesk ticket id');
  });
});
