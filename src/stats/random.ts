/**
 * Seeded random numbers: xoshiro128** (Blackman & Vigna 2018) seeded through splitmix32, and a
 * Poisson sampler that is exact for every mean (inversion below 10, Hörmann's PTRS from 10).
 */
import { normalQuantile } from "./distributions.ts";
import { logGamma } from "./special.ts";

/** A uniform generator on [0, 1) with 53 random bits. Same seed, same sequence. */
export type Random = () => number;

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/**
 * Creates a seeded generator: xoshiro128** (period 2¹²⁸ − 1) with its state filled by
 * splitmix32 from the 32-bit seed; each double uses two 32-bit outputs.
 * @example const random = createRandom(42); random() // same value on every run
 */
export function createRandom(seed: number): Random {
  if (!Number.isFinite(seed)) throw new RangeError(`invalid seed: ${seed}`);
  let m = seed >>> 0;
  const splitmix32 = (): number => {
    m = (m + 0x9e3779b9) | 0;
    let t = m ^ (m >>> 16);
    t = Math.imul(t, 0x21f0aaad);
    t ^= t >>> 15;
    t = Math.imul(t, 0x735a2d97);
    return (t ^ (t >>> 15)) >>> 0;
  };
  let s0 = splitmix32();
  let s1 = splitmix32();
  let s2 = splitmix32();
  let s3 = splitmix32();
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1;
  const next = (): number => {
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return result;
  };
  return () => ((next() >>> 5) * 67108864 + (next() >>> 6)) / 9007199254740992;
}

/** Means from which `poissonSample` uses PTRS rather than inversion. */
export const PTRS_FROM_MEAN = 10;

/**
 * Draws from Poisson(mean) exactly: sequential inversion of the CDF for mean < 10, otherwise
 * Hörmann's transformed rejection with squeeze "PTRS" (Insurance: Mathematics and Economics
 * 1993;12:39–45), whose cost does not grow with the mean.
 * @example poissonSample(createRandom(1), 15000) // an integer near 15000
 */
export function poissonSample(random: Random, mean: number): number {
  if (!(mean >= 0) || !Number.isFinite(mean)) throw new RangeError(`invalid Poisson mean: ${mean}`);
  if (mean === 0) return 0;
  if (mean < PTRS_FROM_MEAN) return poissonInversion(random, mean);
  return poissonPtrs(random, mean);
}

function poissonInversion(random: Random, mean: number): number {
  const u = random();
  let k = 0;
  let p = Math.exp(-mean);
  let cdf = p;
  while (u > cdf && k < 1000) {
    k += 1;
    p *= mean / k;
    cdf += p;
  }
  return k;
}

function poissonPtrs(random: Random, mean: number): number {
  const logMean = Math.log(mean);
  const b = 0.931 + 2.53 * Math.sqrt(mean);
  const a = -0.059 + 0.02483 * b;
  const inverseAlpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = random() - 0.5;
    const v = random();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    const lhs = Math.log(v) + Math.log(inverseAlpha) - Math.log(a / (us * us) + b);
    if (lhs <= -mean + k * logMean - logGamma(k + 1)) return k;
  }
}

/**
 * Draws from Normal(mean, sd) by inversion of the normal CDF (one uniform per draw, so a seed
 * gives the same sequence whatever else is drawn alongside).
 * @example normalSample(createRandom(1), 0, 1) // a standard normal draw
 */
export function normalSample(random: Random, mean: number, sd: number): number {
  if (!(sd >= 0) || !Number.isFinite(sd) || !Number.isFinite(mean)) {
    throw new RangeError(`invalid normal parameters: mean ${mean}, sd ${sd}`);
  }
  if (sd === 0) return mean;
  let u = random();
  while (u === 0) u = random();
  return mean + sd * normalQuantile(u);
}
