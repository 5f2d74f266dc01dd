/**
 * Ranks (1 = highest, ties share the smaller rank) and their uncertainty by simulation
 * (Marshall & Spiegelhalter, BMJ 1998;316:1701–1704): from each area's Poisson count, or — when
 * the areas are over-dispersed — from the same random-effects model as the funnel plot.
 */
import { checkCount, checkDenominator } from "./poisson.ts";
import { createRandom, normalSample, poissonSample, type Random } from "./random.ts";

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
  /**
   * What each simulated data set draws. `poisson` (default): every count from Poisson(observed).
   * `additive` / `multiplicative`: the funnel's over-dispersed model on the square-root scale,
   * yᵢ = √(Oᵢ/Eᵢ) with Eᵢ = populationᵢ × target, drawn from Normal(yᵢ, 1/(4Eᵢ) + τ²) or
   * Normal(yᵢ, φ/(4Eᵢ)); the simulated rate is target × max(0, y)².
   */
  model?: RankModel;
}

export type RankModel =
  | { method: "poisson" }
  | { method: "additive"; target: number; tau2: number }
  | { method: "multiplicative"; target: number; phi: number };

/**
 * Zero-based positions of the order statistics that bound a `level` interval of `simulations`
 * sorted draws: the ⌈S·α/2⌉-th and ⌈S·(1 − α/2)⌉-th smallest (inverse empirical CDF). α/2 is
 * rounded to 12 decimals first, because 1 − 0.95 is 0.050000000000000044 in floating point and
 * ⌈1000 × 0.025000000000000022⌉ would give the 26th rather than the 25th of 1,000.
 * @example orderStatisticIndices(1000, 0.95) // { lower: 24, upper: 974 } (25th and 975th)
 */
export function orderStatisticIndices(
  simulations: number,
  level: number,
): { lower: number; upper: number } {
  const tail = Math.round(((1 - level) / 2) * 1e12) / 1e12;
  const lowerRank = Math.ceil(Math.round(simulations * tail * 1e9) / 1e9);
  const upperRank = Math.ceil(Math.round(simulations * (1 - tail) * 1e9) / 1e9);
  return {
    lower: Math.min(simulations - 1, Math.max(0, lowerRank - 1)),
    upper: Math.min(simulations - 1, Math.max(0, upperRank - 1)),
  };
}

function simulator(
  model: RankModel,
  counts: readonly number[],
  populations: readonly number[],
): (random: Random, i: number) => number {
  if (model.method === "poisson") {
    return (random, i) => poissonSample(random, counts[i] as number) / (populations[i] as number);
  }
  const { target } = model;
  if (!(target > 0) || !Number.isFinite(target)) {
    throw new RangeError(`invalid target for rank simulation: ${target}`);
  }
  const sds = counts.map((_, i) => {
    const expected = (populations[i] as number) * target;
    const poissonVariance = 1 / (4 * expected);
    const variance =
      model.method === "additive" ? poissonVariance + model.tau2 : poissonVariance * model.phi;
    return Math.sqrt(variance);
  });
  const ys = counts.map((c, i) => Math.sqrt(c / ((populations[i] as number) * target)));
  return (random, i) => {
    const y = normalSample(random, ys[i] as number, sds[i] as number);
    return target * Math.max(0, y) ** 2;
  };
}

/**
 * Rank and its interval for every area: each simulation draws every area's rate from `model`
 * (default: count from Poisson(observed count) ÷ population), ranks them with `rankDescending`;
 * the interval runs from the ⌈S·α/2⌉-th to the ⌈S·(1 − α/2)⌉-th smallest simulated rank (see
 * `orderStatisticIndices`: the 25th and 975th of 1,000 at 95%).
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
  const draw = simulator(options.model ?? { method: "poisson" }, counts, populations);
  const simulated = new Int32Array(k * simulations);
  const rates = new Float64Array(k);
  // Areas by descending simulated rate. Each data set is ranked by insertion sort from the previous
  // one's order, which is nearly right already (the same areas, similar rates): the same ranks as
  // `rankDescending` (ties take the smaller rank whatever their order) without its allocations.
  const order = new Int32Array(k);
  for (let i = 0; i < k; i++) order[i] = i;
  for (let s = 0; s < simulations; s++) {
    for (let i = 0; i < k; i++) {
      const rate = draw(random, i);
      if (Number.isNaN(rate)) throw new RangeError("cannot rank NaN");
      rates[i] = rate;
    }
    for (let p = 1; p < k; p++) {
      const index = order[p] as number;
      const rate = rates[index] as number;
      let q = p - 1;
      while (q >= 0 && (rates[order[q] as number] as number) < rate) {
        order[q + 1] = order[q] as number;
        q--;
      }
      order[q + 1] = index;
    }
    let rank = 1;
    for (let p = 0; p < k; p++) {
      const index = order[p] as number;
      if (p > 0 && rates[index] !== rates[order[p - 1] as number]) rank = p + 1;
      simulated[index * simulations + s] = rank;
    }
  }
  const observed = rankDescending(counts.map((c, i) => c / (populations[i] as number)));
  const { lower: lowerIndex, upper: upperIndex } = orderStatisticIndices(simulations, level);
  return observed.map((rank, i) => {
    const own = simulated.subarray(i * simulations, (i + 1) * simulations).sort();
    return { rank, lower: own[lowerIndex] as number, upper: own[upperIndex] as number };
  });
}
