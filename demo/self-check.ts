import { plural } from './plural.js';

/** What the self-check reads from the summary. */
export interface SelfCheckInput {
  risingTeam: string;
  riseCaught: boolean;
  riseCatchable: boolean;
  /** Effort alerts in order; `label` names the segment ('Shipping', 'All tickets', ...). */
  effortAlerts: ReadonlyArray<{ label: string }>;
  otherEffortAlerts: number;
}

/**
 * passed: the rise was caught and nothing else fired. failed: the run could catch the rise
 * and did not, or another effort alert fired (a false alarm, whatever the run's size).
 * not judged: the run was too small to catch the rise (said before it played) and nothing
 * else fired, so the miss is expected, not a failure.
 */
export type SelfCheckOutcome = 'passed' | 'failed' | 'not judged';

export interface SelfCheck {
  outcome: SelfCheckOutcome;
  /** The verdict as the summary's last line. */
  line: string;
}

export function selfCheck(input: SelfCheckInput): SelfCheck {
  const rise = `The rise in ${input.risingTeam}'s handoffs`;
  const others = input.effortAlerts.filter((a) => a.label !== input.risingTeam).map((a) => a.label);
  const falseAlarms =
    input.otherEffortAlerts > 0
      ? `${plural(input.otherEffortAlerts, 'other effort alert')} fired (${[...new Set(others)].join(', ')})`
      : '';
  if (input.riseCaught) {
    return falseAlarms
      ? { outcome: 'failed', line: `✘ ${rise} was caught, but ${falseAlarms}.` }
      : { outcome: 'passed', line: `✔ ${rise} was caught; nothing else fired.` };
  }
  if (input.riseCatchable) {
    return {
      outcome: 'failed',
      line: `✘ ${rise} was NOT caught, though the run was big enough to catch it${falseAlarms ? `; ${falseAlarms}` : ''}.`,
    };
  }
  const cannot = `${rise} was not caught: this run could not catch it (see the note before it played)`;
  return falseAlarms
    ? { outcome: 'failed', line: `✘ ${cannot}, and ${falseAlarms}.` }
    : { outcome: 'not judged', line: `– ${cannot}, so the miss is not a failure; nothing else fired.` };
}

/** The demo's exit code: non-zero only when the self-check failed. */
export function exitCodeFor(outcome: SelfCheckOutcome): number {
  return outcome === 'failed' ? 1 : 0;
}
