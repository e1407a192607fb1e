import { createHash } from 'node:crypto';
import type { NamedSurveyRule } from './survey-rule.js';

/**
 * Where a ticket falls in [0, 1): the first 48 bits of SHA-256 of its id. The same ticket
 * always lands in the same place, so a replay (or `survey explain`) samples it the same way,
 * and a higher rate keeps every ticket a lower rate kept.
 */
export function samplePoint(ticketId: number): number {
  const digest = createHash('sha256').update(`effortless.sample:${ticketId}`).digest();
  return digest.readUIntBE(0, 6) / 2 ** 48;
}

/** A rate of 1 asks every eligible ticket, 0 none. */
export function isSampled(ticketId: number, rate: number): boolean {
  return samplePoint(ticketId) < rate;
}

export interface SamplingRuleContext {
  ticketId: number;
  /** The matched journey rule's `sample` (1 when it has none). */
  sampleRate: number;
}

/** Last in the policy: the share is of tickets every other rule let through. */
export const SAMPLING_RULE: NamedSurveyRule<SamplingRuleContext, 'sampled'> = Object.freeze({
  name: 'sampled',
  check: ({ ticketId, sampleRate }: SamplingRuleContext) =>
    sampleRate >= 1 || isSampled(ticketId, sampleRate)
      ? null
      : `not in the sample: this journey asks ${formatRate(sampleRate)} of eligible tickets`,
});

function formatRate(rate: number): string {
  return `${Math.round(rate * 1000) / 10}%`;
}
