/**
 * Ranks (1 = highest, ties share the smaller rank) and their uncertainty by simulation
 * (Marshall & Spiegelhalter, BMJ 1998;316:1701–1704): from each area's Poisson count, or — when
 * the areas are over-dispersed — from the same random-effects model as the funnel plot.
 */
import { normalQuantile } from "./distributions.ts";
import { checkCount, checkDenominator } from "./poisson.ts";
import { createRandom, poissonSample, type Random } from "./random.ts";

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

/**
 * Fills `rates` with one simulated data set, area by area in order (each area's draws come from the
 * generator in the same order as one `poissonSample`/`normalSample` call per area would take them,
 * so a seed gives the same figures). One call per data set rather than one per area: a cold command
 * runs this before V8 has optimised it, and the per-area calls cost more than the draws.
 */
function simulator(
  model: RankModel,
  counts: readonly number[],
  populations: readonly number[],
): (random: Random, rates: Float64Array) => void {
  const k = counts.length;
  if (model.method === "poisson") {
    return (random, rates) => {
      for (let i = 0; i < k; i++) {
        rates[i] = poissonSample(random, counts[i] as number) / (populations[i] as number);
      }
    };
  }
  const { target } = model;
  if (!(target > 0) || !Number.isFinite(target)) {
    throw new RangeError(`invalid target for rank simulation: ${target}`);
  }
  const sds = new Float64Array(k);
  const ys = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    const expected = (populations[i] as number) * target;
    const poissonVariance = 1 / (4 * expected);
    const variance =
      model.method === "additive" ? poissonVariance + model.tau2 : poissonVariance * model.phi;
    const sd = Math.sqrt(variance);
    const mean = Math.sqrt((counts[i] as number) / ((populations[i] as number) * target));
    // What normalSample checks on every draw, checked once.
    if (!(sd >= 0) || !Number.isFinite(sd) || !Number.isFinite(mean)) {
      throw new RangeError(`invalid normal parameters: mean ${mean}, sd ${sd}`);
    }
    sds[i] = sd;
    ys[i] = mean;
  }
  return (random, rates) => {
    for (let i = 0; i < k; i++) {
      const mean = ys[i] as number;
      const sd = sds[i] as number;
      let y = mean;
      if (sd !== 0) {
        // normalSample: one uniform per draw (0 redrawn), by inversion of the normal CDF.
        let u = random();
        while (u === 0) u = random();
        y = mean + sd * normalQuantile(u);
      }
      rates[i] = target * Math.max(0, y) ** 2;
    }
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
  // How many data sets gave each area each rank: row i, column r (ranks run 1..k). The interval's
  // ends are read off these tallies, the same order statistics as sorting each area's 1,000 ranks.
  const width = k + 1;
  const tally = new Int32Array(k * width);
  const rates = new Float64Array(k);
  const scratch = rankScratch(k);
  for (let s = 0; s < simulations; s++) {
    draw(random, rates);
    tallyRanks(rates, tally, scratch);
  }
  const observed = rankDescending(counts.map((c, i) => c / (populations[i] as number)));
  const { lower: lowerIndex, upper: upperIndex } = orderStatisticIndices(simulations, level);
  return observed.map((rank, i) => ({
    rank,
    lower: nthSmallestRank(tally.subarray(i * width, (i + 1) * width), lowerIndex),
    upper: nthSmallestRank(tally.subarray(i * width, (i + 1) * width), upperIndex),
  }));
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Working arrays of `tallyRanks` for k areas, made once per simulation run. */
export interface RankScratch {
  keys: Float64Array;
  /** `keys` as 32-bit words (the low word of each double holds the area's index). */
  words: Uint32Array;
  order: Int32Array;
  /** Bits of the low word that hold the index. */
  mask: number;
}

export function rankScratch(k: number): RankScratch {
  const keys = new Float64Array(k);
  return {
    keys,
    words: new Uint32Array(keys.buffer),
    order: new Int32Array(k),
    mask: k <= 1 ? 0 : (1 << (32 - Math.clz32(k - 1))) - 1,
  };
}

/**
 * Adds one data set's ranks to `tally` (row i is area i, column r counts rank r; k + 1 columns):
 * exactly `rankDescending`'s ranks (1 = highest; equal rates share the smaller rank). One native
 * typed-array sort: each rate carries its area's index in the lowest bits of its mantissa, so after
 * sorting the areas are read off in order and ranked in one pass, equal rates being contiguous.
 * When the borrowed bits swap two rates that differ only there, the order read back is not the
 * rates' order, and that data set is ranked by binary search in the rates sorted as they are.
 * @example tallyRanks(Float64Array.of(5, 9, 9), tally, rankScratch(3)) // ranks 3, 1, 1
 */
export function tallyRanks(rates: Float64Array, tally: Int32Array, scratch: RankScratch): void {
  const { keys, words, order, mask } = scratch;
  const k = rates.length;
  const width = k + 1;
  const low = LITTLE_ENDIAN ? 0 : 1;
  for (let i = 0; i < k; i++) {
    const rate = rates[i] as number;
    if (Number.isNaN(rate)) throw new RangeError("cannot rank NaN");
    keys[i] = rate;
    const w = 2 * i + low;
    words[w] = ((words[w] as number) & ~mask) | i;
  }
  keys.sort();
  let inOrder = true;
  let previous = -Infinity;
  for (let p = 0; p < k; p++) {
    const area = (words[2 * p + low] as number) & mask;
    const rate = area < k ? (rates[area] as number) : NaN;
    if (!(rate >= previous)) {
      inOrder = false;
      break;
    }
    previous = rate;
    order[p] = area;
  }
  if (inOrder) {
    // From the top: every area of a run of equal rates takes 1 + the number above the run.
    let top = k - 1;
    while (top >= 0) {
      const rate = rates[order[top] as number] as number;
      let p = top;
      for (; p >= 0 && rates[order[p] as number] === rate; p--) {
        const cell = (order[p] as number) * width + k - top;
        tally[cell] = (tally[cell] as number) + 1;
      }
      top = p;
    }
    return;
  }
  keys.set(rates);
  keys.sort();
  for (let i = 0; i < k; i++) {
    const rate = rates[i] as number;
    // First position whose rate is above `rate` (ascending order): k − that many lie above it.
    let lo = 0;
    let hi = k;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((keys[mid] as number) > rate) hi = mid;
      else lo = mid + 1;
    }
    const cell = i * width + k - lo + 1;
    tally[cell] = (tally[cell] as number) + 1;
  }
}

/** The rank at zero-based position `index` of an area's simulated ranks sorted, from their tally. */
function nthSmallestRank(tally: Int32Array, index: number): number {
  let seen = 0;
  for (let rank = 1; rank < tally.length; rank++) {
    seen += tally[rank] as number;
    if (seen > index) return rank;
  }
  throw new RangeError(`no simulated rank at position ${index}`);
}
