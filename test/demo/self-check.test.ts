import { describe, expect, it } from 'vitest';
import { exitCodeFor, selfCheck, type SelfCheckInput } from '../../demo/self-check.js';

const caught: SelfCheckInput = {
  risingTeam: 'Shipping',
  riseCaught: true,
  riseCatchable: true,
  effortAlerts: [{ label: 'Shipping' }],
  otherEffortAlerts: 0,
};
const missed: SelfCheckInput = { ...caught, riseCaught: false, effortAlerts: [] };

describe('the demo self-check', () => {
  it('passes when the rise is caught and nothing else fires', () => {
    const check = selfCheck(caught);
    expect(check).toEqual({
      outcome: 'passed',
      line: "✔ The rise in Shipping's handoffs was caught; nothing else fired.",
    });
    expect(exitCodeFor(check.outcome)).toBe(0);
  });

  it('fails when another effort alert fires, naming it once, with a singular for one', () => {
    const check = selfCheck({
      ...caught,
      effortAlerts: [{ label: 'Shipping' }, { label: 'All tickets' }],
      otherEffortAlerts: 1,
    });
    expect(check.outcome).toBe('failed');
    expect(check.line).toBe(
      "✘ The rise in Shipping's handoffs was caught, but 1 other effort alert fired (All tickets).",
    );
    expect(exitCodeFor(check.outcome)).toBe(1);
    const two = selfCheck({
      ...caught,
      effortAlerts: [{ label: 'Billing' }, { label: 'Billing' }],
      otherEffortAlerts: 2,
    });
    expect(two.line).toContain('2 other effort alerts fired (Billing)');
  });

  it('fails when a run big enough to catch the rise misses it', () => {
    const check = selfCheck(missed);
    expect(check.outcome).toBe('failed');
    expect(check.line).toContain('was NOT caught, though the run was big enough to catch it');
    expect(exitCodeFor(check.outcome)).toBe(1);
  });

  it('does not count a miss in a run too small to catch the rise, but still counts a false alarm', () => {
    const small = selfCheck({ ...missed, riseCatchable: false });
    expect(small.outcome).toBe('not judged');
    expect(small.line).toContain(
      'this run could not catch it (see the note before it played), so the miss is not a failure; nothing else fired.',
    );
    expect(exitCodeFor(small.outcome)).toBe(0);
    const alarm = selfCheck({
      ...missed,
      riseCatchable: false,
      effortAlerts: [{ label: 'Returns' }],
      otherEffortAlerts: 1,
    });
    expect(alarm.outcome).toBe('failed');
  });

  it('counts a rise caught in a small run as caught', () => {
    expect(selfCheck({ ...caught, riseCatchable: false }).outcome).toBe('passed');
  });
});
