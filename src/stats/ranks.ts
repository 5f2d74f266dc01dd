/**
 * Ranks (1 = highest, ties share the smaller rank) and their uncertainty by simulation from each
 * area's Poisson count (Marshall & Spiegelhalter, BMJ 1998;316:1701–1704).
 */
import { checkCount, checkDenominator } from "./poisson.ts";
import { createRandom, poissonSample } from "./random.ts";

/**
 * Descending ranks: 1 = highest value; equal values share the smaller rank ("min" ties), so
 * [5, 9, 9, 1] → [3, 1, 1, 4] (DESIGN §2).
 * @example rankDescending([5, 9, 9, 1]) // [3, 1, 1, 4]
 */
export function rankDescending(values: readonly number[]): number[] {
  for (const v of values) if (Number.isNaN(v)) throw new RangeError("cannot rank NaN");
  const order = values
    .map((_, i) => i)
    .sort((i, j) => (values[j] as number) - (values[i] as number));
  const ranks = new Array<number>(values.length);
  order.forEach((index, position) => {
    const previous = position > 0 ? (order[position - 1] as number) : -1;
    ranks[index] =
      previous >= 0 && values[previous] === values[index]
        ? (ranks[previous] as number)
        : position + 1;
  });
  return ranks;
}

export interface RankInterval {
  rank: number;
  lower: number;
  upper: number;
}

export interface RankIntervalOptions {
  counts: readonly number[];
  populations: readonly number[];
  /** Seed of the generator: the same seed gives the same intervals. */
  seed: number;
  /** Number of simulated data sets; default 1,000. */
  simulations?: number;
  /** Interval level; default 0.95. */
  level?: number;
}

/**
 * Rank and its interval for every area: each simulation draws every count from Poisson(observed
 * count), recomputes rates (count ÷ population) and ranks them with `rankDescending`; the interval
 * runs from the ⌈S·α/2⌉-th to the ⌈S·(1 − α/2)⌉-th smallest simulated rank (inverse empirical
 * CDF, so the limits are whole ranks; S = simulations).
 * @example rankIntervals({ counts: [120, 80, 100], populations: [1e5, 1e5, 1e5], seed: 1 })
 */
export function rankIntervals(options: RankIntervalOptions): RankInterval[] {
  const { counts, populations, seed } = options;
  const simulations = options.simulations ?? 1000;
  const level = options.level ?? 0.95;
  if (counts.length !== populations.length) {
    throw new RangeError(`${counts.length} counts but ${populations.length} populations`);
  }
  if (!(simulations >= 1) || !Number.isInteger(simulations)) {
    throw new RangeError(`invalid number of simulations: ${simulations}`);
  }
  if (!(level > 0 && level < 1)) throw new RangeError(`invalid interval level: ${level}`);
  counts.forEach((c, i) => {
    checkCount(c);
    checkDenominator(populations[i] as number, "population");
  });
  const k = counts.length;
  const random = createRandom(seed);
  const simulated = new Int32Array(k * simulations);
  const rates = new Array<number>(k);
  for (let s = 0; s < simulations; s++) {
    for (let i = 0; i < k; i++) {
      rates[i] = poissonSample(random, counts[i] as number) / (populations[i] as number);
    }
    const ranks = rankDescending(rates);
    for (let i = 0; i < k; i++) simulated[i * simulations + s] = ranks[i] as number;
  }
  const observed = rankDescending(counts.map((c, i) => c / (populations[i] as number)));
  const alpha = 1 - level;
  const lowerIndex = Math.max(0, Math.ceil(simulations * (alpha / 2)) - 1);
  const upperIndex = Math.min(simulations - 1, Math.ceil(simulations * (1 - alpha / 2)) - 1);
  return observed.map((rank, i) => {
    const own = simulated.subarray(i * simulations, (i + 1) * simulations).sort();
    return { rank, lower: own[lowerIndex] as number, upper: own[upperIndex] as number };
  });
}
