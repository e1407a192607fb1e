import { afterEach, describe, expect, it, vi } from 'vitest';
import { stopOnSignals } from '../../compose/cli/stop-on-signals.js';
import { createLogger } from '../../src/logger.js';

const logger = createLogger({ level: 'silent' });

afterEach(() => {
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.removeAllListeners(signal);
  vi.useRealTimers();
});

describe('stopOnSignals', () => {
  it('exits 0 once the service has stopped', async () => {
    const exits: number[] = [];
    stopOnSignals({ logger, stop: async () => undefined }, 1_000, (code) => exits.push(code));
    process.emit('SIGTERM', 'SIGTERM');
    await vi.waitFor(() => expect(exits).toEqual([0]));
  });

  it('exits 1 after the grace period when stopping hangs (an upstream that never answers)', async () => {
    vi.useFakeTimers();
    const exits: number[] = [];
    stopOnSignals({ logger, stop: () => new Promise(() => undefined) }, 5_000, (code) => exits.push(code));
    process.emit('SIGINT', 'SIGINT');
    await vi.advanceTimersByTimeAsync(4_999);
    expect(exits).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(exits).toEqual([1]);
  });

  it('a second signal exits at once', () => {
    const exits: number[] = [];
    stopOnSignals({ logger, stop: () => new Promise(() => undefined) }, 60_000, (code) => exits.push(code));
    process.emit('SIGTERM', 'SIGTERM');
    process.emit('SIGTERM', 'SIGTERM');
    expect(exits).toEqual([1]);
  });
});
