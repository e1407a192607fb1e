import { describe, expect, it, vi } from 'vitest';
import { fetchJson, SLACK, start, zendeskAuth } from './stand-ins-support.js';

describe('startStandIns', () => {
  it('starts three servers on loopback with OS-chosen ports, prints nothing, and stops them', async () => {
    const stdout = vi.spyOn(process.stdout, 'write');
    const stderr = vi.spyOn(process.stderr, 'write');
    const standIns = await start();
    try {
      const urls = [standIns.zendesk.url, standIns.twilio.url, standIns.slack.url];
      for (const url of urls) expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(new Set(urls).size).toBe(3);

      // Broken bodies are answered in each provider's error shape, without a stack trace on stderr.
      const broken = {
        method: 'PUT',
        headers: { authorization: zendeskAuth(), 'content-type': 'application/json' },
        body: '{"ticket":',
      };
      expect(await fetchJson(`${standIns.zendesk.url}/api/v2/tickets/1.json`, broken)).toEqual({
        status: 400,
        body: { error: 'InvalidJSON', description: expect.any(String) },
      });
      const slackBroken = {
        method: 'POST',
        headers: { authorization: `Bearer ${SLACK.botToken}`, 'content-type': 'application/json' },
        body: '{',
      };
      expect(await fetchJson(`${standIns.slack.url}/api/chat.postMessage`, slackBroken)).toEqual({
        status: 200,
        body: { ok: false, error: 'invalid_json' },
      });
      expect(
        await fetchJson(`${standIns.slack.url}/api/chat.nothing`, {
          method: 'POST',
          headers: { authorization: `Bearer ${SLACK.botToken}` },
        }),
      ).toEqual({
        status: 200,
        body: { ok: false, error: 'unknown_method', req_method: 'chat.nothing' },
      });
      expect(stdout).not.toHaveBeenCalled();
      expect(stderr).not.toHaveBeenCalled();
      expect(standIns.zendesk.state.calls[0]).toMatchObject({
        method: 'PUT',
        path: '/api/v2/tickets/1.json',
        status: 400,
        at: expect.any(Date),
      });
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
      await standIns.stop();
    }
    await expect(fetch(`${standIns.zendesk.url}/api/v2/users/me.json`)).rejects.toThrow();
    await standIns.stop(); // a second stop is harmless
  });

  it('stops cleanly while a client holds a keep-alive connection', async () => {
    const standIns = await start();
    await fetch(`${standIns.twilio.url}/nothing`, { headers: { connection: 'keep-alive' } }).then((r) => r.text());
    await expect(standIns.stop()).resolves.toBeUndefined();
  });
});
