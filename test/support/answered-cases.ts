/**
 * A seeded stream of answered cases whose true driver effects are known: drivers drawn as
 * in the alert simulations (effort-stream.ts drawDrivers: correlated the way real ones are),
 * and a CES answer = intercept + sum of effect x driver feature + normal noise, rounded and
 * kept within 1-7. The intercept and noise are chosen so that rounding to the scale's ends
 * is rare (below 1% of answers), so the linear effects are what the answers carry.
 */
import { type Rng, mulberry32, normal } from '../../src/domain/alerts/seeded-random.js';
import type { DriverName } from '../../src/domain/drivers.js';
import { type AnsweredCase, driverFeatures, MODEL_DRIVERS } from '../../src/domain/effort-model/index.js';
import { drawDrivers, NORMAL_TEAM_HANDOFFS_MEAN } from './effort-stream.js';

/** CES points per unit of each driver (units of features.ts: counts, flags, duration steps). */
export const TRUE_CES_EFFECTS: Readonly<Record<DriverName, number>> = Object.freeze({
  channelSwitches: -0.5,
  teamHandoffs: -0.7,
  agentHandoffs: -0.2,
  reopens: -0.8,
  extraContacts: -0.15,
  repeatContact: -0.4,
  notFirstContactResolution: -0.3,
  slowResolution: -0.1,
  customerWait: -0.08,
});

export interface AnsweredStreamOptions {
  seed: number;
  cases: number;
  effects?: Readonly<Record<DriverName, number>>;
  intercept?: number;
  noiseSd?: number;
}

export function answeredCases(options: AnsweredStreamOptions): AnsweredCase[] {
  const rng: Rng = mulberry32(options.seed);
  const effects = options.effects ?? TRUE_CES_EFFECTS;
  const intercept = options.intercept ?? 5.4;
  const noiseSd = options.noiseSd ?? 0.8;
  return Array.from({ length: options.cases }, () => {
    const drivers = drawDrivers(rng, NORMAL_TEAM_HANDOFFS_MEAN);
    const features = driverFeatures(drivers);
    const expected = MODEL_DRIVERS.reduce((sum, driver, j) => sum + effects[driver] * features[j]!, intercept);
    const ces = Math.min(7, Math.max(1, Math.round(normal(rng, expected, noiseSd))));
    return { drivers, ces };
  });
}
