import { describe, expect, it } from 'vitest';
import { DEFAULT_DRIVER_DEFINITIONS, mergeDriverDefinitions } from '../../src/domain/driver-definitions.js';
import { DEFAULT_EFFORT_WEIGHTS, mergeEffortWeights } from '../../src/domain/effort-index.js';
import { scoringVersion } from '../../src/domain/scoring-version.js';

describe('scoringVersion', () => {
  const base = scoringVersion(DEFAULT_DRIVER_DEFINITIONS, DEFAULT_EFFORT_WEIGHTS);

  it('is 16 hex characters and the same for equal choices in any key order', () => {
    expect(base).toMatch(/^[0-9a-f]{16}$/);
    const reordered = Object.fromEntries(
      Object.entries(DEFAULT_EFFORT_WEIGHTS).reverse(),
    ) as typeof DEFAULT_EFFORT_WEIGHTS;
    expect(scoringVersion(mergeDriverDefinitions({}), reordered)).toBe(base);
  });

  it('changes with any weight or definition', () => {
    expect(scoringVersion(DEFAULT_DRIVER_DEFINITIONS, mergeEffortWeights({ teamHandoff: 11 }))).not.toBe(base);
    expect(scoringVersion(mergeDriverDefinitions({ handoffs: 'any-change' }), DEFAULT_EFFORT_WEIGHTS)).not.toBe(base);
    expect(
      scoringVersion(mergeDriverDefinitions({ repeatContact: { windowDays: 3 } }), DEFAULT_EFFORT_WEIGHTS),
    ).not.toBe(base);
  });
});
