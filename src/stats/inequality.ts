/**
 * Inequality by deprivation (OHID / PHE methods, PHEindicatormethods `phe_quantile` and
 * `phe_sii`): quantiles of areas by a deprivation score, and the slope and relative indices of
 * inequality with simulated confidence intervals.
 */
import { createRandom, normalSample } from "./random.ts";
import { orderStatisticIndices } from "./ranks.ts";

/**
 * Assigns each value to one of `groups` quantiles with the highest value in quantile 1 (for an IMD
 * score: 1 = most deprived). With ranks ascending ("min" ties), N values and q groups:
 * base = ⌊(q + 1) − ⌈((N + 1) − rank) / (N / q)⌉⌋, 0 counted as 1, and the quantile is
 * q + 1 − base (OHID, "Assigning deprivation categories"; `phe_quantile(invert = TRUE)`).
 * @example quantileGroups([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5) // [5, 5, 4, 4, 3, 3, 2, 2, 1, 1]
 */
export function quantileGroups(values: readonly number[], groups = 5): number[] {
  const n = values.length;
  if (n < groups)
    throw new RangeError(`${groups} quantiles need at least ${groups} values, got ${n}`);
  for (const v of values) if (!Number.isFinite(v)) throw new RangeError(`invalid value: ${v}`);
  return values.map((v) => {
    const rank = 1 + values.filter((w) => w < v).length;
    const base = Math.max(1, Math.floor(groups + 1 - Math.ceil((n + 1 - rank) / (n / groups))));
    return groups + 1 - base;
  });
}

export interface SlopeIndexInput {
  /** Value of each group, ordered from the most deprived (first) to the least deprived (last). */
  values: readonly number[];
  /** Population of each group. */
  populations: readonly number[];
  /** Standard error of each value, for the simulated intervals. */
  standardErrors: readonly number[];
  /** Simulations for the intervals; default 10,000. */
  simulations?: number;
  seed?: number;
  level?: number;
}

export interface SlopeIndex {
  /** Predicted value at the least deprived end minus at the most deprived end. */
  sii: number;
  siiLower: number;
  siiUpper: number;
  /** Predicted value at the least deprived end ÷ at the most deprived end; null if that is ≤ 0. */
  rii: number | null;
  riiLower: number | null;
  riiUpper: number | null;
  /** Fitted value at the most deprived end (rank 0). */
  intercept: number;
  /** Each group's cumulative-population midpoint rank (0 = most deprived, 1 = least). */
  ranks: number[];
}

/**
 * Weighted least squares of y on rank with weights a (population shares): slope and intercept,
 * written into `out` (0: slope, 1: intercept), so the 10,000 simulated fits allocate nothing.
 */
function fitInto(
  y: ArrayLike<number>,
  b: readonly number[],
  a: readonly number[],
  out: Float64Array,
): void {
  let bBar = 0;
  let yBar = 0;
  for (let i = 0; i < a.length; i++) {
    const w = a[i] as number;
    bBar += w * (b[i] as number);
    yBar += w * (y[i] as number);
  }
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < a.length; i++) {
    const w = a[i] as number;
    const db = (b[i] as number) - bBar;
    sxy += w * db * ((y[i] as number) - yBar);
    sxx += w * db * db;
  }
  const slope = sxy / sxx;
  out[0] = slope;
  out[1] = yBar - slope * bBar;
}

/**
 * Slope index of inequality: the weighted regression of each group's value on its relative rank
 * bᵢ (the midpoint of its cumulative population share, most deprived = 0), weights the population
 * shares aᵢ (the regression Y√a = α√a + β·b√a of `phe_sii`). SII = β, the gap from the most to the
 * least deprived end; RII = (α + β) / α. Intervals: each value drawn from Normal(value, SE) in
 * every simulation and the indices recomputed; the 2.5th and 97.5th percentiles (as `phe_sii`).
 * @example slopeIndex({ values: [1, 2, 3, 4, 5], populations: [1, 1, 1, 1, 1], standardErrors: [0, 0, 0, 0, 0] }).sii // 5
 */
export function slopeIndex(input: SlopeIndexInput): SlopeIndex {
  const { values, populations, standardErrors } = input;
  const k = values.length;
  if (k < 2 || populations.length !== k || standardErrors.length !== k) {
    throw new RangeError("a slope index needs at least two groups, each with a population and SE");
  }
  const total = populations.reduce((s, p) => s + p, 0);
  if (!(total > 0) || populations.some((p) => !(p > 0))) {
    throw new RangeError("every group needs a positive population");
  }
  const a = populations.map((p) => p / total);
  let cumulative = 0;
  const b = a.map((w) => {
    const mid = cumulative + w / 2;
    cumulative += w;
    return mid;
  });
  const fitted = new Float64Array(2);
  fitInto(values, b, a, fitted);
  const sii = fitted[0] as number;
  const intercept = fitted[1] as number;
  const ratio = (slope: number, alpha: number) => (alpha > 0 ? (alpha + slope) / alpha : null);
  const simulations = input.simulations ?? 10_000;
  const random = createRandom(input.seed ?? 1);
  const siis = new Float64Array(simulations);
  const riis = new Float64Array(simulations);
  let riiCount = 0;
  const y = new Float64Array(k);
  for (let s = 0; s < simulations; s++) {
    for (let i = 0; i < k; i++) {
      y[i] = normalSample(random, values[i] as number, standardErrors[i] as number);
    }
    fitInto(y, b, a, fitted);
    const slope = fitted[0] as number;
    siis[s] = slope;
    const r = ratio(slope, fitted[1] as number);
    if (r !== null) riis[riiCount++] = r;
  }
  siis.sort();
  const { lower, upper } = orderStatisticIndices(simulations, input.level ?? 0.95);
  const rii = ratio(sii, intercept);
  const sortedRii = riis.subarray(0, riiCount).sort();
  const riiIdx = orderStatisticIndices(Math.max(1, sortedRii.length), input.level ?? 0.95);
  const complete = sortedRii.length === simulations;
  return {
    sii,
    siiLower: siis[lower] as number,
    siiUpper: siis[upper] as number,
    rii,
    riiLower: complete && rii !== null ? (sortedRii[riiIdx.lower] as number) : null,
    riiUpper: complete && rii !== null ? (sortedRii[riiIdx.upper] as number) : null,
    intercept,
    ranks: b,
  };
}
