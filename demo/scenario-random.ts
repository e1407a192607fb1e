/** Seeding helpers for the demo scenario: independent, reproducible streams from one seed. */
import { mulberry32, type Rng } from '../src/domain/alerts/seeded-random.js';

/** A 32-bit seed mixed from the parts (FNV-1a style with an avalanche per part). */
export function seedFor(...parts: number[]): number {
  let hash = 0x811c9dc5;
  for (const part of parts) {
    // Keep the high bits of large seeds too.
    for (const word of [part >>> 0, Math.floor(part / 4294967296) >>> 0]) {
      hash = Math.imul(hash ^ word, 0x01000193);
      hash ^= hash >>> 15;
      hash = Math.imul(hash, 0x2c1b3c6d);
      hash ^= hash >>> 12;
    }
  }
  return hash >>> 0;
}

/** A generator for one purpose (`stream`) and item, so that items do not shift each other's draws. */
export function streamFor(seed: number, ...parts: number[]): Rng {
  return mulberry32(seedFor(seed, ...parts));
}

export function uniform(rng: Rng, low: number, high: number): number {
  return low + (high - low) * rng();
}

/** An integer in [low, high]. */
export function integer(rng: Rng, low: number, high: number): number {
  return low + Math.floor(rng() * (high - low + 1));
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

/** One value, drawn with the given (not necessarily normalised) weights. */
export function weighted<T>(rng: Rng, table: ReadonlyArray<readonly [T, number]>): T {
  const total = table.reduce((sum, [, weight]) => sum + weight, 0);
  let draw = rng() * total;
  for (const [value, weight] of table) {
    draw -= weight;
    if (draw < 0) return value;
  }
  const last = table.at(-1);
  if (!last) throw new Error('weighted pick from an empty table');
  return last[0];
}

/** Fisher-Yates, in place. */
export function shuffle<T>(rng: Rng, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i -= 1) {
    const j = Math.floor(rng() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
