import { describe, expect, it } from 'vitest';
import { Turn } from '../../db/turn.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('Turn', () => {
  it('runs work at once, in the caller’s tick, when the turn is free', () => {
    const turn = new Turn();
    const ran: string[] = [];
    void turn.run(async () => ran.push('work'));
    ran.push('after the call');
    expect(ran).toEqual(['work', 'after the call']);
  });

  it('keeps later callers out until awaiting work settles, then serves them in order', async () => {
    const turn = new Turn();
    const ran: string[] = [];
    let release!: () => void;
    const first = turn.run(async () => {
      ran.push('first starts');
      await new Promise<void>((resolve) => (release = resolve));
      ran.push('first ends');
    });
    const second = turn.run(async () => ran.push('second'));
    const third = turn.run(async () => ran.push('third'));
    await tick();
    expect(ran).toEqual(['first starts']);
    release();
    await Promise.all([first, second, third]);
    expect(ran).toEqual(['first starts', 'first ends', 'second', 'third']);
  });

  it('hands the turn on after work that throws or rejects, and the error reaches its caller', async () => {
    const turn = new Turn();
    const throwing = turn.run(() => {
      throw new Error('thrown');
    });
    const rejecting = turn.run(async () => {
      throw new Error('rejected');
    });
    const after = turn.run(async () => 'still served');
    await expect(throwing).rejects.toThrow('thrown');
    await expect(rejecting).rejects.toThrow('rejected');
    await expect(after).resolves.toBe('still served');
    // Free again: the next work runs at once.
    let ranAtOnce = false;
    void turn.run(async () => (ranAtOnce = true));
    expect(ranAtOnce).toBe(true);
  });

  it('a caller arriving while the turn is handed on waits its place (never cuts in)', async () => {
    const turn = new Turn();
    const ran: string[] = [];
    const first = turn.run(async () => ran.push('first'));
    const second = turn.run(async () => ran.push('second'));
    // first has settled but second has not started yet: the turn is still held for it.
    await first;
    const third = turn.run(async () => ran.push('third'));
    await Promise.all([second, third]);
    expect(ran).toEqual(['first', 'second', 'third']);
  });
});
