import type { DriverDefinitions } from '../../domain/driver-definitions.js';
import type { EffortWeights } from '../../domain/effort-index.js';
import { scoringVersion } from '../../domain/scoring-version.js';

/** The definitions and weights cases are scored with right now, and their version. */
export interface Scoring {
  definitions: DriverDefinitions;
  weights: EffortWeights;
  version: string;
  /** `configured`: the configuration's weights (defaults overlaid); `fitted`: weights fitted to CES answers. */
  source: 'configured' | 'fitted';
}

/** What the scoring reads: the current choice, swapped by the effort model when a fit changes it. */
export interface ScoringSource {
  current(): Scoring;
}

/**
 * Holds the scoring in force. It starts with the configured weights; a fit replaces them and
 * the version changes, which is what makes the stored cases stale and recomputed.
 */
export class ScoringInForce implements ScoringSource {
  private scoring: Scoring;
  readonly configured: Scoring;

  constructor(definitions: DriverDefinitions, configuredWeights: EffortWeights) {
    this.configured = {
      definitions,
      weights: configuredWeights,
      version: scoringVersion(definitions, configuredWeights),
      source: 'configured',
    };
    this.scoring = this.configured;
  }

  current(): Scoring {
    return this.scoring;
  }

  /** Scores with these fitted weights, or the configured ones when null; true when the version changed. */
  use(fittedWeights: EffortWeights | null): boolean {
    const before = this.scoring.version;
    const { definitions } = this.configured;
    this.scoring = fittedWeights
      ? { definitions, weights: fittedWeights, version: scoringVersion(definitions, fittedWeights), source: 'fitted' }
      : this.configured;
    return this.scoring.version !== before;
  }
}
