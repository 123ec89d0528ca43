/**
 * The seeded pseudo-random generator shared by the domain's samplers and splits (speech splits,
 * synthetic event series). Seeded so every split, fixture and benchmark is reproducible.
 */

/**
 * A seeded pseudo-random generator (mulberry32) returning floats in [0, 1).
 * @param seed any 32-bit integer
 * @returns a function producing the next number on each call
 * @example
 * const rand = seededRandom(42);
 * rand(); // the same first number on every run
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
