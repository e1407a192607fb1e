import { createHash } from 'node:crypto';
import type { DriverDefinitions } from './driver-definitions.js';
import type { EffortWeights } from './effort-index.js';
import { canonicalJson } from './effort-writeback.js';

/**
 * Bump when the way drivers are counted or scored changes in code, so every stored case is
 * scored again once (the configuration's changes are in the hash already).
 */
const SCORING_CODE_VERSION = 1;

/**
 * The version of the definitions and weights a case is scored with: 16 hex characters of the
 * sha256 of their canonical JSON. Equal choices give equal versions whatever their key order;
 * any change, by configuration or by a new fit, gives a new one, and the stored cases scored
 * with another version are recomputed in the background.
 */
export function scoringVersion(definitions: DriverDefinitions, weights: EffortWeights): string {
  const choices = { code: SCORING_CODE_VERSION, definitions, weights };
  return createHash('sha256').update(canonicalJson(choices)).digest('hex').slice(0, 16);
}
