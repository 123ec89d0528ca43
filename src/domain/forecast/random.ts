/**
 * Seeded pseudo-random numbers for the forecasting engine (fold assignment, bootstrap resamples,
 * row subsampling in boosted trees). Every random choice in `src/domain/forecast` goes through
 * here so that a run is reproducible from its seed.
 *
 * The generator is SplitMix32-seeded xoshiro128** (Blackman & Vigna), 32-bit state words, period
 * 2^128 − 1. It is not R's Mersenne Twister, so fold ids differ from R's `cv.glmnet` draws.
 */

/** A seeded random stream. */
export interface Rng {
  /** Uniform double in [0, 1). */
  next(): number;
  /**
   * Uniform integer in [0, n).
   * @throws {RangeError} when n is not a positive integer
   */
  int(n: number): number;
}

/**
 * Creates a seeded xoshiro128** generator.
 * @param seed any finite number; the same seed always yields the same stream
 * @returns the generator
 * @throws {RangeError} when the seed is not finite
 */
export function createRng(seed: number): Rng {
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be finite, got ${seed}`);
  // SplitMix32 expands the seed into four non-zero state words.
  let sm = (Math.floor(seed) ^ 0x9e3779b9) >>> 0;
  const splitmix = (): number => {
    sm = (sm + 0x9e3779b9) >>> 0;
    let z = sm;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let s0 = splitmix() | 1;
  let s1 = splitmix();
  let s2 = splitmix();
  let s3 = splitmix();
  const nextU32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (s1 << 9) >>> 0;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3 >>> 0, 11);
    s0 >>>= 0; s1 >>>= 0; s2 >>>= 0;
    return result;
  };
  return {
    next: () => nextU32() / 4294967296,
    int: (n: number) => {
      if (!Number.isInteger(n) || n <= 0) throw new RangeError(`n must be a positive integer, got ${n}`);
      return Math.floor((nextU32() / 4294967296) * n);
    },
  };
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/**
 * Fisher–Yates shuffle in place.
 * @param a the array to permute
 * @param rng the random stream
 * @returns the same array, permuted
 */
export function shuffleInPlace<T extends { length: number; [i: number]: unknown }>(a: T, rng: Rng): T {
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
  return a;
}
