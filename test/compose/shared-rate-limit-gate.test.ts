import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRateLimitGate } from '../../compose/integrations.js';
import type { Store } from '../../src/ports/store.js';
import { captureLogs } from '../support/capture-logs.js';
import { STORE_BACKENDS } from '../support/store.js';

describe.each(STORE_BACKENDS)('createRateLimitGate shared through the $name store', ({ open }) => {
  let store: Store;
  beforeEach(async () => {
    store = await open();
  });
  afterEach(async () => {
    await store.close();
  });

  it("holds a second instance after the first one's 429, once it has read the hold", async () => {
    let now = 1_780_000_000_000;
    const { logger } = captureLogs();
    const shared = { pacing: store.pacing, key: 'gate:slack', logger };
    const first = createRateLimitGate(() => now, shared);
    const second = createRateLimitGate(() => now, shared);
    first.holdFor(30_000);
    expect(first.remainingMs()).toBe(30_000);
    await vi.waitFor(async () => expect(await store.pacing.heldUntil('gate:slack')).toEqual(new Date(now + 30_000)));
    // The second instance reads the hold in the background: its first call may still go, the next is held.
    await vi.waitFor(() => expect(second.remainingMs()).toBe(30_000));
    now += 30_000;
    expect(second.remainingMs()).toBe(0);
  });

  it('reads the shared hold at most once per refreshMs while calls are made', async () => {
    let now = 1_780_000_000_000;
    const { logger } = captureLogs();
    const heldUntil = vi.spyOn(store.pacing, 'heldUntil');
    const gate = createRateLimitGate(() => now, { pacing: store.pacing, key: 'gate:twilio', logger, refreshMs: 1_000 });
    for (let i = 0; i < 50; i++) gate.remainingMs();
    await vi.waitFor(() => expect(heldUntil).toHaveBeenCalledTimes(1));
    now += 1_000;
    // Once the first read is back, the next call reads again, and the calls after it do not.
    await vi.waitFor(() => {
      gate.remainingMs();
      expect(heldUntil).toHaveBeenCalledTimes(2);
    });
    for (let i = 0; i < 50; i++) gate.remainingMs();
    expect(heldUntil).toHaveBeenCalledTimes(2);
  });
});
