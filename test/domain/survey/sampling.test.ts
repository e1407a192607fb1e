import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSampled, SAMPLING_RULE, samplePoint } from '../../../src/domain/survey/sampling.js';

const ticketIds = fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER });
const rates = fc.double({ min: 0.001, max: 1, noNaN: true });

describe('sampling by a stable hash of the ticket id', () => {
  it('decides the same for the same ticket, every time (a replay samples alike)', () => {
    fc.assert(
      fc.property(fc.array(ticketIds, { minLength: 1, maxLength: 50 }), rates, (ids, rate) => {
        const first = ids.map((id) => isSampled(id, rate));
        const again = [...ids].reverse().map((id) => isSampled(id, rate));
        return first.every((sampled, i) => sampled === again[ids.length - 1 - i]);
      }),
    );
  });

  it('keeps its points across releases: a changed hash would re-sample tickets already decided', () => {
    // Pinned when sampling shipped; a replay after an upgrade must land every ticket where it was.
    expect([1, 2, 3, 501, 123456789].map(samplePoint)).toEqual([
      0.9121505516499653, 0.23270854584083267, 0.12345617163958877, 0.27009204950290666, 0.5098213190890704,
    ]);
  });

  it('puts every ticket in [0, 1)', () => {
    fc.assert(fc.property(ticketIds, (id) => samplePoint(id) >= 0 && samplePoint(id) < 1));
  });

  it('keeps at a higher rate every ticket a lower rate kept', () => {
    fc.assert(
      fc.property(ticketIds, rates, rates, (id, a, b) => {
        const [low, high] = a < b ? [a, b] : [b, a];
        return !isSampled(id, low) || isSampled(id, high);
      }),
    );
  });

  it('asks close to the rate of consecutive and of random ticket ids', () => {
    const n = 20_000;
    for (const rate of [0.05, 0.2, 0.5, 0.9]) {
      const start = 1 + Math.floor(rate * 1_000_000);
      let kept = 0;
      for (let id = start; id < start + n; id++) if (isSampled(id, rate)) kept++;
      // Binomial sd at n = 20,000 is at most 0.0035; 4 sd either way.
      expect(Math.abs(kept / n - rate)).toBeLessThan(0.014);
    }
    fc.assert(
      // Distinct tickets: the same ticket twice is one decision, not two samples.
      fc.property(fc.uniqueArray(ticketIds, { minLength: 4000, maxLength: 4000 }), rates, (ids, rate) => {
        const share = ids.filter((id) => isSampled(id, rate)).length / ids.length;
        return Math.abs(share - rate) < 0.04; // > 5 sd at n = 4,000
      }),
      { numRuns: 20 },
    );
  });

  it('the rule passes everything at rate 1 and says why it skips at a lower rate', () => {
    expect(SAMPLING_RULE.check({ ticketId: 12, sampleRate: 1 })).toBeNull();
    const outside = Array.from({ length: 200 }, (_, i) => i + 1).find((id) => !isSampled(id, 0.2))!;
    expect(SAMPLING_RULE.check({ ticketId: outside, sampleRate: 0.2 })).toBe(
      'not in the sample: this journey asks 20% of eligible tickets',
    );
    const inside = Array.from({ length: 200 }, (_, i) => i + 1).find((id) => isSampled(id, 0.2))!;
    expect(SAMPLING_RULE.check({ ticketId: inside, sampleRate: 0.2 })).toBeNull();
  });
});
