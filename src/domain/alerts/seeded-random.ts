/**
 * Small deterministic random sources for simulation tests and demos.
 * Not for anything security-related.
 */

/** A function returning uniform numbers in [0, 1). */
export type Rng = () => number;

/**
 * mulberry32 (Tommy Ettinger's 32-bit generator, public domain): tiny, fast
 * and statistically adequate for simulations. Same seed -> same sequence.
 */
export function mulberry32(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Normal deviate via the Box-Muller transform (one of the pair is used). */
export function normal(rng: Rng, mu = 0, sigma = 1): number {
  const u1 = 1 - rng(); // (0, 1]: avoids log(0)
  const u2 = rng();
  return mu + sigma * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** 1 with probability p, else 0 (for rate metrics). */
export function bernoulli(rng: Rng, p: number): 0 | 1 {
  return rng() < p ? 1 : 0;
}
