import type { Clock } from '../ports/clock.js';

/** The port lives in src/ports so adapters can take a clock; services keep importing it from here. */
export type { Clock } from '../ports/clock.js';

export const systemClock: Clock = { now: () => new Date() };

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
